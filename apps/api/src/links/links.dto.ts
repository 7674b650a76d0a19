import { ENVELOPE_OVERHEAD } from '@coffre/crypto/envelope';
import { PASSWORD_PARAMS_LENGTH } from '@coffre/crypto/password';
import { z } from 'zod';
import { base64urlField } from '../nodes/envelope-fields.js';
import { nodeIdSchema } from '../nodes/nodes.dto.js';

/** A link-key-wrap: the 32-byte node key in an envelope (docs/crypto.md, "Envelopes"). */
export const LINK_KEY_WRAP_LENGTH = ENVELOPE_OVERHEAD + 32;
/** A link-password-wrap: a link-key-wrap in another envelope. */
export const LINK_PASSWORD_WRAP_LENGTH = ENVELOPE_OVERHEAD + LINK_KEY_WRAP_LENGTH;
/** SHA-256 of an access token. */
export const ACCESS_HASH_LENGTH = 32;

/**
 * A link id: 16 random bytes chosen by the client, base64url (22 characters, the last one
 * carrying 2 bits of the value and 4 zero bits, hence one of A, Q, g, w).
 */
export const linkIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{21}[AQgw]$/, { error: 'must be a link id: 16 bytes, base64url' })
  .describe('16 random bytes, base64url (22 characters).');

/** `POST /api/links`. */
export const createLinkRequestSchema = z
  .strictObject({
    id: linkIdSchema.describe('Chosen by the client, so the wrap can be bound to it.'),
    nodeId: nodeIdSchema,
    keyWrap: base64urlField(LINK_PASSWORD_WRAP_LENGTH).describe(
      `Envelope link-key-wrap (${LINK_KEY_WRAP_LENGTH} bytes), or link-password-wrap around it (${LINK_PASSWORD_WRAP_LENGTH} bytes) when a password is set.`,
    ),
    passwordParams: base64urlField(PASSWORD_PARAMS_LENGTH).nullable().default(null).describe('Argon2id parameter record (docs/crypto.md, "Link passwords"), when a password is set.'),
    accessHash: base64urlField(ACCESS_HASH_LENGTH).describe("SHA-256 of the access token's 32 bytes."),
    expiresAt: z.iso.datetime().nullable().default(null).describe('In the future; null: never.'),
    maxDownloads: z.int().min(1).max(1_000_000).nullable().default(null).describe('Opens allowed; null: no limit.'),
  })
  .meta({ id: 'CreateLinkRequest' });
export type CreateLinkRequest = z.infer<typeof createLinkRequestSchema>;

export const nodeKindSchema = z.enum(['folder', 'file']);

/** A link as its creator and its node's owner see it. */
export const linkViewSchema = z
  .object({
    id: linkIdSchema,
    nodeId: z.uuid(),
    createdBy: z.uuid().describe("The account that made the link: the caller, or a read-write sharer of the caller's node."),
    kind: nodeKindSchema,
    hasPassword: z.boolean(),
    expiresAt: z.iso.datetime().nullable(),
    maxDownloads: z.int().nullable(),
    downloads: z.int().describe('Opens counted so far.'),
    revokedAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Link' });
export type LinkView = z.infer<typeof linkViewSchema>;

export const linkPageSchema = z
  .object({ items: z.array(linkViewSchema), nextCursor: z.string().nullable().describe('Null on the last page.') })
  .meta({ id: 'LinkPage' });
export type LinkPage = z.infer<typeof linkPageSchema>;

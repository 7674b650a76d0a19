import { SHARE_LENGTH } from '@coffre/crypto/share';
import { z } from 'zod';
import { base64urlField } from '../nodes/envelope-fields.js';
import { nodeIdSchema } from '../nodes/nodes.dto.js';

export const shareRoleSchema = z.enum(['read', 'write']).describe('read: browse and download; write: also create, change, trash and upload.');

/** `POST /api/shares`. */
export const createShareRequestSchema = z
  .strictObject({
    nodeId: nodeIdSchema.describe('A folder the account owns.'),
    recipientId: z
      .uuid({ error: 'must be a UUID' })
      .regex(/^[0-9a-f-]+$/, { error: 'must be a lower-case UUID' })
      .describe('The account to share with (GET /api/keys gives its id and keys).'),
    role: shareRoleSchema,
    sealedKey: base64urlField(SHARE_LENGTH).describe(`The folder key sealed to the recipient's X25519 key and signed by the sharer (docs/crypto.md, "Key shares"), ${SHARE_LENGTH} bytes.`),
  })
  .meta({ id: 'CreateShareRequest' });
export type CreateShareRequest = z.infer<typeof createShareRequestSchema>;

export const shareViewSchema = z
  .object({
    id: z.uuid(),
    nodeId: z.uuid(),
    ownerId: z.uuid(),
    ownerEmail: z.string().nullable().describe('Null once the account is deleted.'),
    recipientId: z.uuid(),
    recipientEmail: z.string().nullable().describe('Null once the account is deleted.'),
    role: shareRoleSchema,
    sealedKey: z.string(),
    createdAt: z.iso.datetime(),
    acceptedAt: z.iso.datetime().nullable().describe('Null until the recipient accepts; only accepted shares give access.'),
  })
  .meta({ id: 'Share' });
export type ShareView = z.infer<typeof shareViewSchema>;

export const shareListSchema = z.array(shareViewSchema).meta({ id: 'ShareList' });

/** The `:id` of the share routes. */
export const shareIdSchema = z.uuid();

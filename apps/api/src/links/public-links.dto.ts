import { z } from 'zod';
import { base64urlField } from '../nodes/envelope-fields.js';
import { nodeViewSchema } from '../nodes/nodes.dto.js';
import { nodeKindSchema } from './links.dto.js';

/** The header that carries a grant on the link's listing and content routes. */
export const LINK_GRANT_HEADER = 'x-coffre-link-grant';

/** `GET /api/public/links/:id`: enough for a client to ask for a password. */
export const publicLinkViewSchema = z
  .object({
    id: z.string(),
    kind: nodeKindSchema,
    passwordParams: z.string().nullable().describe('Argon2id parameter record when the link has a password.'),
    expiresAt: z.iso.datetime().nullable(),
    downloadsLeft: z.int().nullable().describe('Null: no limit.'),
  })
  .meta({ id: 'PublicLink' });
export type PublicLinkView = z.infer<typeof publicLinkViewSchema>;

/** Bytes of an access token (docs/crypto.md, "Links"). */
export const ACCESS_TOKEN_LENGTH = 32;

/** `POST /api/public/links/:id/open`. */
export const openLinkRequestSchema = z
  .strictObject({
    accessToken: base64urlField(ACCESS_TOKEN_LENGTH).describe('Derived from the link secret (and password); the server compares its SHA-256.'),
  })
  .meta({ id: 'OpenLinkRequest' });
export type OpenLinkRequest = z.infer<typeof openLinkRequestSchema>;

export const openLinkResponseSchema = z
  .object({
    grant: z.string().describe(`Send it as ${LINK_GRANT_HEADER} on the link's listing and content routes.`),
    grantExpiresAt: z.iso.datetime(),
    keyWrap: z.string().describe('Envelope link-key-wrap, or link-password-wrap around it.'),
    node: nodeViewSchema.describe('The linked node; for a folder, list below it with the grant.'),
  })
  .meta({ id: 'OpenLinkResponse' });
export type OpenLinkResponse = z.infer<typeof openLinkResponseSchema>;

import { z } from 'zod';
import { emailField } from '../auth/auth-fields.js';

/** `GET /api/keys?email=`. */
export const publicKeysQuerySchema = z.strictObject({ email: emailField }).meta({ id: 'PublicKeysQuery' });
export type PublicKeysQuery = z.infer<typeof publicKeysQuerySchema>;

export const publicKeysViewSchema = z
  .object({
    accountId: z.uuid(),
    x25519: z.string().describe('X25519 public key (base64url): seal shares to it.'),
    ed25519: z.string().describe("Ed25519 public key (base64url): verifies the account's signatures."),
    fingerprint: z.string().describe('Six groups of five digits; clients compute their own from the keys and compare.'),
  })
  .meta({ id: 'PublicKeys' });
export type PublicKeysView = z.infer<typeof publicKeysViewSchema>;

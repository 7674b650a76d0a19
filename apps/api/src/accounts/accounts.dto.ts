import { z } from 'zod';
import { loginProofFields } from '../auth/auth-fields.js';
import { accountKeyBundleSchema } from './key-bundle.dto.js';

/** `GET /api/account`: what the owner's client needs to work with its account. */
export const accountViewSchema = z
  .object({
    accountId: z.uuid(),
    email: z.email(),
    keyBundle: accountKeyBundleSchema,
    quotaBytes: z.int().describe('Storage allowed, in bytes.'),
    usedBytes: z.int().describe('Storage used, in bytes.'),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Account' });
export type AccountView = z.infer<typeof accountViewSchema>;

/** `DELETE /api/account`: a fresh proof of the password, as a login's second step. */
export const deleteAccountRequestSchema = z.strictObject(loginProofFields).meta({ id: 'DeleteAccountRequest' });
export type DeleteAccountRequest = z.infer<typeof deleteAccountRequestSchema>;

import { z } from 'zod';
import { accountKeyBundleSchema, base64url, recoveryWrapSchema } from '../accounts/key-bundle.dto.js';
import { emailField, opaqueMessageField } from './auth-fields.js';

/** A recovery challenge: 32 random bytes, base64url (43 characters). */
const challengeField = z.string().regex(/^[A-Za-z0-9_-]{43}$/, { error: 'must be a challenge from recovery/start' });

export const recoveryStartRequestSchema = z
  .strictObject({
    email: emailField,
    registrationRequest: opaqueMessageField.describe('OPAQUE registration request for the new password.'),
  })
  .meta({ id: 'RecoveryStartRequest' });
export type RecoveryStartRequest = z.infer<typeof recoveryStartRequestSchema>;

export const recoveryStartResponseSchema = z
  .object({
    accountId: z.uuid(),
    keyBundle: accountKeyBundleSchema,
    recoveryWrap: recoveryWrapSchema,
    challenge: challengeField.describe('Sign it in a recovery proof; valid once, for ten minutes.'),
    registrationResponse: z.string(),
  })
  .meta({ id: 'RecoveryStartResponse' });
export type RecoveryStartResponse = z.infer<typeof recoveryStartResponseSchema>;

export const recoveryFinishRequestSchema = z
  .strictObject({
    challenge: challengeField,
    signature: base64url(86).describe('Recovery proof (docs/crypto.md): Ed25519 over the challenge and the new credentials.'),
    registrationRecord: opaqueMessageField.describe('OPAQUE registration record of the new password.'),
    keyBundle: accountKeyBundleSchema.describe('The bundle, rootKeyWrap replaced and generation incremented.'),
  })
  .meta({ id: 'RecoveryFinishRequest' });
export type RecoveryFinishRequest = z.infer<typeof recoveryFinishRequestSchema>;

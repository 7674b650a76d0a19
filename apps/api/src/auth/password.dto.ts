import { z } from 'zod';
import { accountKeyBundleSchema } from '../accounts/key-bundle.dto.js';
import { loginProofFields, opaqueMessageField } from './auth-fields.js';

export const passwordStartRequestSchema = z
  .strictObject({ registrationRequest: opaqueMessageField.describe('OPAQUE registration request for the new password.') })
  .meta({ id: 'PasswordStartRequest' });
export type PasswordStartRequest = z.infer<typeof passwordStartRequestSchema>;

export const passwordStartResponseSchema = z.object({ registrationResponse: z.string() }).meta({ id: 'PasswordStartResponse' });
export type PasswordStartResponse = z.infer<typeof passwordStartResponseSchema>;

export const passwordFinishRequestSchema = z
  .strictObject({
    ...loginProofFields,
    registrationRecord: opaqueMessageField.describe('OPAQUE registration record of the new password.'),
    keyBundle: accountKeyBundleSchema.describe('The current bundle, rootKeyWrap replaced and generation incremented.'),
  })
  .meta({ id: 'PasswordFinishRequest' });
export type PasswordFinishRequest = z.infer<typeof passwordFinishRequestSchema>;

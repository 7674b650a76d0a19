import { z } from 'zod';
import { accountKeyBundleSchema } from '../accounts/key-bundle.dto.js';
import { emailField, loginProofFields, opaqueMessageField } from './auth-fields.js';
import { sessionViewSchema } from './sessions.dto.js';

export const loginStartRequestSchema = z
  .strictObject({ email: emailField, startLoginRequest: opaqueMessageField.describe('OPAQUE KE1.') })
  .meta({ id: 'LoginStartRequest' });
export type LoginStartRequest = z.infer<typeof loginStartRequestSchema>;

export const loginStartResponseSchema = z
  .object({
    loginId: z.uuid().describe('Names this attempt in its second step; valid once, for two minutes.'),
    loginResponse: z.string().describe('OPAQUE KE2; as well-formed for an unknown email as for a real one.'),
  })
  .meta({ id: 'LoginStartResponse' });
export type LoginStartResponse = z.infer<typeof loginStartResponseSchema>;

export const loginFinishRequestSchema = z.strictObject(loginProofFields).meta({ id: 'LoginFinishRequest' });
export type LoginFinishRequest = z.infer<typeof loginFinishRequestSchema>;

export const loginFinishResponseSchema = z
  .object({
    token: z.string().describe('Bearer token of the new session. Shown once: the server keeps only its SHA-256.'),
    accountId: z.uuid(),
    session: sessionViewSchema,
    keyBundle: accountKeyBundleSchema,
  })
  .meta({ id: 'LoginFinishResponse' });
export type LoginFinishResponse = z.infer<typeof loginFinishResponseSchema>;

/** The proof of the current password carried by sensitive requests. */
export type LoginProof = LoginFinishRequest;

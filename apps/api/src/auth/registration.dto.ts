import { z } from 'zod';
import { accountKeyBundleSchema, recoveryEscrowSchema, recoveryWrapSchema } from '../accounts/key-bundle.dto.js';
import { emailField, opaqueMessageField } from './auth-fields.js';

export const registerStartRequestSchema = z
  .strictObject({ email: emailField, registrationRequest: opaqueMessageField.describe('OPAQUE registration request.') })
  .meta({ id: 'RegisterStartRequest' });
export type RegisterStartRequest = z.infer<typeof registerStartRequestSchema>;

export const registerStartResponseSchema = z
  .object({
    accountId: z.uuid().describe('The id the account will have; the key bundle is bound to it.'),
    registrationResponse: z.string().describe('OPAQUE registration response.'),
  })
  .meta({ id: 'RegisterStartResponse' });
export type RegisterStartResponse = z.infer<typeof registerStartResponseSchema>;

export const registerFinishRequestSchema = z
  .strictObject({
    accountId: z.uuid(),
    email: emailField,
    registrationRecord: opaqueMessageField.describe('OPAQUE registration record.'),
    keyBundle: accountKeyBundleSchema,
    recoveryWrap: recoveryWrapSchema,
    // Optional so that clients from before the escrow can still sign up; theirs is generated later.
    recoveryEscrow: recoveryEscrowSchema.optional(),
  })
  .meta({ id: 'RegisterFinishRequest' });
export type RegisterFinishRequest = z.infer<typeof registerFinishRequestSchema>;

export const registerFinishResponseSchema = z.object({ accountId: z.uuid() }).meta({ id: 'RegisterFinishResponse' });
export type RegisterFinishResponse = z.infer<typeof registerFinishResponseSchema>;

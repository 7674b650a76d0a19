import { z } from 'zod';
import { loginProofFields } from '../auth/auth-fields.js';
import { recoveryEscrowSchema, recoveryWrapSchema } from './key-bundle.dto.js';

/** `POST /api/account/recovery-key/reveal`: a fresh proof of the password, as a login's second step. */
export const revealRecoveryKeyRequestSchema = z.strictObject(loginProofFields).meta({ id: 'RevealRecoveryKeyRequest' });
export type RevealRecoveryKeyRequest = z.infer<typeof revealRecoveryKeyRequestSchema>;

/** What the owner's client needs to show the recovery key again: the escrow, and the wrap it is checked against. */
export const recoveryKeyMaterialSchema = z
  .object({ recoveryWrap: recoveryWrapSchema, recoveryEscrow: recoveryEscrowSchema })
  .meta({ id: 'RecoveryKeyMaterial' });
export type RecoveryKeyMaterial = z.infer<typeof recoveryKeyMaterialSchema>;

/** `PUT /api/account/recovery-key`: a new recovery key's wrap and escrow, with a fresh proof of the password. */
export const replaceRecoveryKeyRequestSchema = z
  .strictObject({
    ...loginProofFields,
    recoveryWrap: recoveryWrapSchema,
    recoveryEscrow: recoveryEscrowSchema,
  })
  .meta({ id: 'ReplaceRecoveryKeyRequest' });
export type ReplaceRecoveryKeyRequest = z.infer<typeof replaceRecoveryKeyRequestSchema>;

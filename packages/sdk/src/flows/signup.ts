import { createAccountKeys, sealAccountKeyBundle } from '@coffre/crypto/account';
import { finishRegistration, startRegistration } from '@coffre/crypto/opaque';
import { generateRecoveryKey } from '@coffre/crypto/recovery';
import { type FlowContext, type SignedIn, normalizeEmail } from '../session.js';
import { login } from './login.js';
import { recoveryMaterial } from './recovery-key.js';

/** A new account, signed in. */
export interface SignupResult extends SignedIn {
  /** The printed recovery key (8 groups of 5 characters). Show it once; it is never stored. */
  recoveryKey: string;
}

/**
 * Creates an account: fresh account keys, an OPAQUE registration of the password, the key
 * bundle wrapped under OPAQUE's export key, a recovery key (wrap and escrow), then a first login.
 * @throws ApiError CONFLICT if the email already has an account; VALIDATION_FAILED for a
 *   malformed email; RATE_LIMITED. CryptoError INVALID_INPUT for an empty or overlong password.
 */
export async function signup(context: FlowContext, email: string, password: string): Promise<SignupResult> {
  const address = normalizeEmail(email);
  const registration = await startRegistration(password);
  const started = await context.routes.registerStart({ email: address, registrationRequest: registration.request });
  const registered = await finishRegistration({
    password,
    state: registration.state,
    response: started.registrationResponse,
    ...(context.serverPublicKey !== undefined && { expectedServerPublicKey: context.serverPublicKey }),
  });
  const keys = createAccountKeys();
  const recoveryKey = generateRecoveryKey();
  await context.routes.registerFinish({
    accountId: started.accountId,
    email: address,
    registrationRecord: registered.record,
    keyBundle: sealAccountKeyBundle(keys, { accountId: started.accountId, exportKey: registered.exportKey }),
    // The wrap lets the recovery key restore the account; the escrow lets the owner see it again.
    ...recoveryMaterial(keys.rootKey, recoveryKey.secret, started.accountId),
  });
  return { recoveryKey: recoveryKey.text, ...(await login(context, address, password)) };
}

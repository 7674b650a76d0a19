import { openAccountKeyBundleWithRootKey, rewrapRootKey } from '@coffre/crypto/account';
import { finishRegistration, startRegistration } from '@coffre/crypto/opaque';
import { openRecoveryWrap, parseRecoveryKey } from '@coffre/crypto/recovery';
import { signRecoveryProof } from '@coffre/crypto/recovery-proof';
import { fromBase64url, toBase64url } from '../encoding.js';
import { type FlowContext, type SignedIn, normalizeEmail } from '../session.js';
import { login } from './login.js';

/**
 * Restores an account with its recovery key and sets a new password: unwraps the root key from
 * the recovery wrap, proves it to the server by signing its challenge with the identity key the
 * root key opens, registers the new password, then signs in with it. Every session ends.
 * @throws CryptoError INVALID_INPUT for a mistyped recovery key, before anything is sent;
 *   DECRYPT_FAILED for a wrong recovery key. ApiError NOT_FOUND for an unknown email;
 *   UNAUTHENTICATED if the server refuses the proof (e.g. the challenge expired).
 */
export async function recoverAccount(context: FlowContext, email: string, recoveryKey: string, newPassword: string): Promise<SignedIn> {
  parseRecoveryKey(recoveryKey);
  const address = normalizeEmail(email);
  const registration = await startRegistration(newPassword);
  const started = await context.routes.recoveryStart({ email: address, registrationRequest: registration.request });
  const { accountId, keyBundle } = started;
  const rootKey = openRecoveryWrap(fromBase64url(started.recoveryWrap), recoveryKey, accountId);
  const keys = openAccountKeyBundleWithRootKey(keyBundle, { accountId, rootKey });
  const registered = await finishRegistration({
    password: newPassword,
    state: registration.state,
    response: started.registrationResponse,
    ...(context.serverPublicKey !== undefined && { expectedServerPublicKey: context.serverPublicKey }),
  });
  const newBundle = rewrapRootKey(keyBundle, { accountId, rootKey, exportKey: registered.exportKey });
  const signature = signRecoveryProof(
    { accountId, challenge: fromBase64url(started.challenge), registrationRecord: registered.record, rootKeyWrap: newBundle.rootKeyWrap },
    keys.signing.secretKey,
  );
  await context.routes.recoveryFinish({
    challenge: started.challenge,
    signature: toBase64url(signature),
    registrationRecord: registered.record,
    keyBundle: newBundle,
  });
  return login(context, address, newPassword);
}

import { openAccountKeyBundle, rewrapRootKey } from '@coffre/crypto/account';
import { finishRegistration, startRegistration } from '@coffre/crypto/opaque';
import { type FlowContext } from '../session.js';
import { proveLogin } from './prove-login.js';

/**
 * Changes the signed-in account's password: proves the current one with a fresh OPAQUE login,
 * registers the new one, and rewraps the root key under the new export key. Every other
 * session ends; this one stays.
 * @throws ApiError UNAUTHENTICATED for a wrong current password (or no session); CONFLICT if the
 *   password changed meanwhile elsewhere. CryptoError DECRYPT_FAILED if the server's key bundle
 *   does not open with the current password.
 */
export async function changePassword(context: FlowContext, currentPassword: string, newPassword: string): Promise<void> {
  const account = await context.routes.getAccount();
  const { proof, exportKey } = await proveLogin(context, account.email, currentPassword);
  const { rootKey } = openAccountKeyBundle(account.keyBundle, { accountId: account.accountId, exportKey });
  const registration = await startRegistration(newPassword);
  const { registrationResponse } = await context.routes.passwordStart({ registrationRequest: registration.request });
  const registered = await finishRegistration({
    password: newPassword,
    state: registration.state,
    response: registrationResponse,
    ...(context.serverPublicKey !== undefined && { expectedServerPublicKey: context.serverPublicKey }),
  });
  const keyBundle = rewrapRootKey(account.keyBundle, { accountId: account.accountId, rootKey, exportKey: registered.exportKey });
  await context.routes.passwordFinish({ ...proof, registrationRecord: registered.record, keyBundle });
}

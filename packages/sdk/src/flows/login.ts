import { openAccountKeyBundle } from '@coffre/crypto/account';
import { type FlowContext, type SignedIn, normalizeEmail } from '../session.js';
import { proveLogin } from './prove-login.js';

/**
 * Signs in with OPAQUE and unwraps the account's keys with the export key. The client then uses
 * the new session's token.
 * @throws ApiError UNAUTHENTICATED for a wrong password or an unknown email (alike);
 *   CryptoError DECRYPT_FAILED if the server sent a key bundle this password does not open (the
 *   new session is ended first).
 */
export async function login(context: FlowContext, email: string, password: string): Promise<SignedIn> {
  const { proof, exportKey } = await proveLogin(context, normalizeEmail(email), password);
  const signedIn = await context.routes.loginFinish(proof);
  context.setToken(signedIn.token);
  try {
    const keys = openAccountKeyBundle(signedIn.keyBundle, { accountId: signedIn.accountId, exportKey });
    return { accountId: signedIn.accountId, token: signedIn.token, session: signedIn.session, keys };
  } catch (error) {
    // A bundle that does not open is not this account's: no session should outlive that.
    await context.routes.logout().catch(() => undefined);
    context.setToken(undefined);
    throw error;
  }
}

import { finishLogin, type LoginResult, startLogin } from '@coffre/crypto/opaque';
import { type LoginProof } from '../api-types.js';
import { toBase64url } from '../encoding.js';
import { type FlowContext, isCryptoError } from '../session.js';

/** Length of OPAQUE's KE3 with SHA-512 (RFC 9807 §6.4.4): one MAC. */
const KE3_LENGTH = 64;

/** A finished OPAQUE login on the client: the proof to hand the server, and the export key. */
export interface ProvenLogin {
  proof: LoginProof;
  /** Secret: the input of the account's wrapping key. */
  exportKey: Uint8Array;
}

/**
 * Runs the client side of an OPAQUE login (RFC 9807) for `email`: the proof is then handed to
 * whichever route needs it (login, password change, account deletion).
 * @throws ApiError UNAUTHENTICATED for a wrong password or an unknown email (alike); ApiError
 *   RATE_LIMITED; CryptoError KEY_CHANGED if the server's OPAQUE key is not the pinned one.
 */
export async function proveLogin(context: FlowContext, email: string, password: string): Promise<ProvenLogin> {
  const start = await startLogin(password);
  const { loginId, loginResponse } = await context.routes.loginStart({ email, startLoginRequest: start.request });
  let finished: LoginResult;
  try {
    finished = await finishLogin({
      password,
      state: start.state,
      response: loginResponse,
      ...(context.serverPublicKey !== undefined && { expectedServerPublicKey: context.serverPublicKey }),
    });
  } catch (error) {
    if (!isCryptoError(error, 'DECRYPT_FAILED')) throw error;
    return abandonLogin(context, loginId);
  }
  return { proof: { loginId, finishLoginRequest: finished.finishRequest }, exportKey: finished.exportKey };
}

/**
 * A wrong password and an unknown account fail alike on the client, before anything is sent
 * (OPAQUE does not let the client tell them apart either). Finishing the attempt with a random
 * message closes it on the server, which answers as to every failed login: 401 UNAUTHENTICATED.
 */
async function abandonLogin(context: FlowContext, loginId: string): Promise<never> {
  const noise = crypto.getRandomValues(new Uint8Array(KE3_LENGTH));
  await context.routes.loginFinish({ loginId, finishLoginRequest: toBase64url(noise) });
  throw new Error('the server accepted a random login message');
}

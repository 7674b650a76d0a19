/**
 * OPAQUE (RFC 9807), server side, for the API. Nothing the server holds or receives here lets
 * it compute a client's export key without guessing the password, and each guess costs an
 * Argon2id evaluation (RFC 9807 §10.8). Specified in docs/crypto.md ("Login: OPAQUE").
 *
 * The server setup (OPRF seed and static AKE key pair) is a long-term secret: keep it out of the
 * database, load it from configuration, and never rotate it casually: a new setup invalidates
 * every stored registration record.
 */
import * as opaque from '@serenity-kit/opaque';
import { fromBase64url } from './base64url.js';
import { CryptoError, ensure } from './errors.js';

async function ready(): Promise<void> {
  await opaque.ready;
}

function ensureMessage(value: unknown, name: string): asserts value is string {
  ensure(typeof value === 'string' && value.length > 0, `${name} must be a non-empty string`);
}

/** Runs a library call on client- or configuration-supplied input, mapping its errors to INVALID_INPUT. */
function invalidInputOnError<T>(what: string, call: () => T): T {
  try {
    return call();
  } catch {
    throw new CryptoError('INVALID_INPUT', `${what} rejected by the OPAQUE library`);
  }
}

/**
 * Creates a new server setup: the server's long-term OPAQUE secret. Generate once per deployment.
 */
export async function createServerSetup(): Promise<string> {
  await ready();
  return opaque.server.createSetup();
}

/**
 * The server's static public key, for clients to pin.
 * @throws CryptoError INVALID_INPUT for a malformed setup.
 */
export async function getServerPublicKey(serverSetup: string): Promise<string> {
  ensureMessage(serverSetup, 'server setup');
  await ready();
  return invalidInputOnError('server setup', () => opaque.server.getPublicKey(serverSetup));
}

/**
 * Answers a client's registration request. `userIdentifier` must be stable for the account
 * (its id, not its email), because the OPRF key is derived from it.
 * @throws CryptoError INVALID_INPUT for a malformed setup, identifier or request.
 */
export async function createRegistrationResponse(input: {
  serverSetup: string;
  userIdentifier: string;
  request: string;
}): Promise<string> {
  ensureMessage(input.serverSetup, 'server setup');
  ensureMessage(input.userIdentifier, 'user identifier');
  ensureMessage(input.request, 'registration request');
  await ready();
  return invalidInputOnError('registration request', () =>
    opaque.server.createRegistrationResponse({
      serverSetup: input.serverSetup,
      userIdentifier: input.userIdentifier,
      registrationRequest: input.request,
    }).registrationResponse,
  );
}

/** The server's answer to a login request (KE2), and the state it keeps for the second step. */
export interface ServerLoginStart {
  /** Secret; keep server-side (e.g. in Redis with a short expiry) until the finish request. */
  state: string;
  /** Sent to the client. */
  response: string;
}

/**
 * Answers a client's login request. Pass `record: null` for an unknown account: the library
 * then answers with a fake response indistinguishable from a real one, so a login attempt does
 * not reveal whether the account exists (RFC 9807 §10.9).
 * @throws CryptoError INVALID_INPUT for a malformed setup, identifier, record or request.
 */
export async function startServerLogin(input: {
  serverSetup: string;
  userIdentifier: string;
  record: string | null;
  request: string;
}): Promise<ServerLoginStart> {
  ensureMessage(input.serverSetup, 'server setup');
  ensureMessage(input.userIdentifier, 'user identifier');
  ensureMessage(input.request, 'login request');
  if (input.record !== null) ensureMessage(input.record, 'registration record');
  await ready();
  const { serverLoginState, loginResponse } = invalidInputOnError('login request', () =>
    opaque.server.startLogin({
      serverSetup: input.serverSetup,
      userIdentifier: input.userIdentifier,
      registrationRecord: input.record,
      startLoginRequest: input.request,
    }),
  );
  return { state: serverLoginState, response: loginResponse };
}

/**
 * Verifies the client's final login message (KE3). Success authenticates the client.
 * @throws CryptoError DECRYPT_FAILED for any failure (wrong password, forged or malformed
 *   message, state of another login), one code for all so responses reveal nothing.
 */
export async function finishServerLogin(input: { state: string; finishRequest: string }): Promise<{ sessionKey: Uint8Array }> {
  ensureMessage(input.state, 'server login state');
  ensureMessage(input.finishRequest, 'finish login request');
  await ready();
  let sessionKey: string;
  try {
    sessionKey = opaque.server.finishLogin({ serverLoginState: input.state, finishLoginRequest: input.finishRequest }).sessionKey;
  } catch {
    throw new CryptoError('DECRYPT_FAILED', 'login finish rejected');
  }
  return { sessionKey: fromBase64url(sessionKey, 'session key') };
}

/**
 * OPAQUE (RFC 9807), client side: the password never leaves the client in any form that can be
 * attacked offline, and a successful registration or login gives the client an export key the
 * server never learns (RFC 9807 §10.4), from which the account's wrapping key is derived
 * (account.ts). Specified in docs/crypto.md ("Login: OPAQUE").
 *
 * Configuration (fixed by the library, RFC 9807 §7): OPRF ristretto255-SHA512, HKDF-SHA-512,
 * HMAC-SHA-512, SHA-512, 3DH over ristretto255. Key stretching is Argon2id m = 64 MiB, t = 3,
 * p = 4 (the second recommended option of RFC 9106 §4), pinned here: it is part of the
 * password's derivation, so changing it would lock every existing account out.
 *
 * Messages and states are the library's base64url strings; states are secret and must stay in
 * the memory of the client that started the flow.
 */
import * as opaque from '@serenity-kit/opaque';
import { fromBase64url } from './base64url.js';
import { CryptoError, ensure } from './errors.js';

/** Argon2id parameters of the password stretching inside OPAQUE (see the file comment). */
const KEY_STRETCHING = 'memory-constrained' as const;
/** Longest password accepted, in characters: bounds the work a single call can cause. */
export const MAX_PASSWORD_LENGTH = 4096;

/** Resolves once the OPAQUE WebAssembly module is loaded; every function here awaits it. */
export const opaqueReady: Promise<void> = opaque.ready;

/**
 * Passwords are compared as Unicode NFC strings (as RFC 8265's OpaqueString profile does), so
 * the same password typed on two keyboards that compose accents differently is the same password.
 */
export function normalizePassword(password: string): string {
  ensure(typeof password === 'string', 'password must be a string');
  ensure(password.length > 0, 'password must not be empty');
  ensure(password.length <= MAX_PASSWORD_LENGTH, `password is longer than ${MAX_PASSWORD_LENGTH} characters`);
  return password.normalize('NFC');
}

function ensureMessage(value: unknown, name: string): asserts value is string {
  ensure(typeof value === 'string' && value.length > 0, `${name} must be a non-empty string`);
}

/** The client's first registration message, and the state it keeps for the second step. */
export interface RegistrationStart {
  /** Secret; never leaves this client. */
  state: string;
  /** Sent to the server. */
  request: string;
}

/**
 * Starts registering a password (account creation or password change).
 * @throws CryptoError INVALID_INPUT for an empty, non-string or overlong password.
 */
export async function startRegistration(password: string): Promise<RegistrationStart> {
  const normalized = normalizePassword(password);
  await opaqueReady;
  const { clientRegistrationState, registrationRequest } = opaque.client.startRegistration({ password: normalized });
  return { state: clientRegistrationState, request: registrationRequest };
}

/** Result of a completed registration. */
export interface RegistrationResult {
  /** Sent to the server, which stores it as the account's password file. */
  record: string;
  /** Secret, 64 bytes: input of the account's wrapping key. Never sent anywhere. */
  exportKey: Uint8Array;
  /** The server's static public key, to compare with the one pinned in the client. */
  serverPublicKey: string;
}

/**
 * Finishes a registration with the server's response.
 * @throws CryptoError INVALID_INPUT for a malformed password or state; DECRYPT_FAILED for a
 *   server response that the protocol rejects; KEY_CHANGED if `expectedServerPublicKey` is
 *   given and the server's static key differs from it.
 */
export async function finishRegistration(input: {
  password: string;
  state: string;
  response: string;
  expectedServerPublicKey?: string;
}): Promise<RegistrationResult> {
  const normalized = normalizePassword(input.password);
  ensureMessage(input.state, 'registration state');
  ensureMessage(input.response, 'registration response');
  await opaqueReady;
  let result: ReturnType<typeof opaque.client.finishRegistration>;
  try {
    result = opaque.client.finishRegistration({
      password: normalized,
      clientRegistrationState: input.state,
      registrationResponse: input.response,
      keyStretching: KEY_STRETCHING,
    });
  } catch {
    throw new CryptoError('DECRYPT_FAILED', 'registration response rejected');
  }
  ensureServerKey(result.serverStaticPublicKey, input.expectedServerPublicKey);
  return {
    record: result.registrationRecord,
    exportKey: fromBase64url(result.exportKey, 'export key'),
    serverPublicKey: result.serverStaticPublicKey,
  };
}

/** The client's first login message (KE1), and the state it keeps for the second step. */
export interface LoginStart {
  /** Secret; never leaves this client. */
  state: string;
  /** Sent to the server. */
  request: string;
}

/**
 * Starts a login.
 * @throws CryptoError INVALID_INPUT for an empty, non-string or overlong password.
 */
export async function startLogin(password: string): Promise<LoginStart> {
  const normalized = normalizePassword(password);
  await opaqueReady;
  const { clientLoginState, startLoginRequest } = opaque.client.startLogin({ password: normalized });
  return { state: clientLoginState, request: startLoginRequest };
}

/** Result of a successful login. */
export interface LoginResult {
  /** Sent to the server (KE3), which then authenticates the session. */
  finishRequest: string;
  /** Shared with the server, 64 bytes: may authenticate the session; never a storage key. */
  sessionKey: Uint8Array;
  /** Secret, 64 bytes, identical at every login with this password: input of the wrapping key. */
  exportKey: Uint8Array;
  /** The server's static public key, to compare with the one pinned in the client. */
  serverPublicKey: string;
}

/**
 * Finishes a login with the server's response (KE2). The export key is only released after the
 * server has authenticated itself in the key exchange (RFC 9807 §6).
 * @throws CryptoError DECRYPT_FAILED for a wrong password, an unknown account or a forged or
 *   malformed server response, all alike so no caller can tell them apart; INVALID_INPUT for a
 *   malformed password or state; KEY_CHANGED if `expectedServerPublicKey` is given and differs.
 */
export async function finishLogin(input: {
  password: string;
  state: string;
  response: string;
  expectedServerPublicKey?: string;
}): Promise<LoginResult> {
  const normalized = normalizePassword(input.password);
  ensureMessage(input.state, 'login state');
  ensureMessage(input.response, 'login response');
  await opaqueReady;
  let result: ReturnType<typeof opaque.client.finishLogin>;
  try {
    result = opaque.client.finishLogin({
      password: normalized,
      clientLoginState: input.state,
      loginResponse: input.response,
      keyStretching: KEY_STRETCHING,
    });
  } catch {
    result = undefined;
  }
  if (result === undefined) throw new CryptoError('DECRYPT_FAILED', 'login failed');
  ensureServerKey(result.serverStaticPublicKey, input.expectedServerPublicKey);
  return {
    finishRequest: result.finishLoginRequest,
    sessionKey: fromBase64url(result.sessionKey, 'session key'),
    exportKey: fromBase64url(result.exportKey, 'export key'),
    serverPublicKey: result.serverStaticPublicKey,
  };
}

function ensureServerKey(actual: string, expected: string | undefined): void {
  if (expected === undefined) return;
  ensure(typeof expected === 'string', 'expectedServerPublicKey must be a string');
  if (actual !== expected) throw new CryptoError('KEY_CHANGED', 'the server presented another static public key');
}

// What the flows share: the routes, the client's token, and the settings that make a flow safer.
import { type AccountKeys } from '@coffre/crypto/account';
import { CryptoError, type CryptoErrorCode } from '@coffre/crypto/errors';
import { type SessionView } from './api-types.js';
import { type ApiRoutes } from './routes.js';

/** Everything a flow needs from the client it runs in. */
export interface FlowContext {
  routes: ApiRoutes;
  /** Replaces the bearer token the client sends (undefined: signed out). */
  setToken(token: string | undefined): void;
  /** The OPAQUE server public key to pin, if the application ships it; else trust on first use. */
  serverPublicKey: string | undefined;
}

/** A signed-in session and the account's keys, unwrapped in this client's memory only. */
export interface SignedIn {
  accountId: string;
  /** The bearer token; the client already uses it. Store it as a secret if you keep it. */
  token: string;
  session: SessionView;
  keys: AccountKeys;
}

/** Emails are compared lower-case, without surrounding spaces, on both sides of the API. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** True if `error` is a CryptoError of @coffre/crypto with `code`. */
export function isCryptoError(error: unknown, code: CryptoErrorCode): boolean {
  return error instanceof CryptoError && error.code === code;
}

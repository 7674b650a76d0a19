// Session tokens: 256 random bits from the platform CSPRNG, sent as `Authorization: Bearer`.
// The database holds only their SHA-256: a token has full entropy, so a plain hash (no salt, no
// stretching) is enough to make a stolen copy of the sessions table useless.
import { createHash, randomBytes } from 'node:crypto';

/** 32 bytes in base64url without padding: 43 characters. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A fresh session token. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Whether `value` has the shape of a token, so nothing else is ever hashed and looked up. */
export function isSessionToken(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}

/** What the sessions table stores and is searched by. */
export function hashSessionToken(token: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(createHash('sha256').update(token, 'utf8').digest());
}

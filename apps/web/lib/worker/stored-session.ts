// What the worker keeps of a signed-in session between page loads, and how it is written to
// bytes. Only ever stored sealed (session-seal.ts).
import { type AccountKeys } from '@coffre/crypto/account';

/** A signed-in session with everything needed to resume it without the password. */
export interface StoredSession {
  accountId: string;
  email: string;
  /** The API's id of this session (not a secret): tells it apart in the session list. */
  sessionId: string;
  /** The API bearer token. */
  token: string;
  /** When the server ends the session; a stored session past it is discarded. */
  expiresAt: string;
  keys: AccountKeys;
  /** The recovery key of a sign-up, until the person confirms they saved it. */
  pendingRecoveryKey: string | undefined;
}

const FORMAT_VERSION = 1;
const KEY_LENGTH = 32;

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(text: unknown, what: string): Uint8Array {
  if (typeof text !== 'string') throw new TypeError(`${what} is missing`);
  const bytes = Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
  if (bytes.length !== KEY_LENGTH) throw new TypeError(`${what} has ${bytes.length} bytes`);
  return bytes;
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw new TypeError(`${what} is missing`);
  return value;
}

/** The session as UTF-8 JSON, binary keys in base64. */
export function encodeStoredSession(session: StoredSession): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(
    JSON.stringify({
      v: FORMAT_VERSION,
      accountId: session.accountId,
      email: session.email,
      sessionId: session.sessionId,
      token: session.token,
      expiresAt: session.expiresAt,
      rootKey: toBase64(session.keys.rootKey),
      sharingSecretKey: toBase64(session.keys.sharing.secretKey),
      sharingPublicKey: toBase64(session.keys.sharing.publicKey),
      signingSecretKey: toBase64(session.keys.signing.secretKey),
      signingPublicKey: toBase64(session.keys.signing.publicKey),
      ...(session.pendingRecoveryKey !== undefined && { pendingRecoveryKey: session.pendingRecoveryKey }),
    }),
  );
}

/**
 * Reads what {@link encodeStoredSession} wrote.
 * @throws TypeError for anything else, including another format version.
 */
export function decodeStoredSession(bytes: Uint8Array): StoredSession {
  const data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as Record<string, unknown>;
  if (data.v !== FORMAT_VERSION) throw new TypeError(`stored session format ${String(data.v)} is not ${FORMAT_VERSION}`);
  const expiresAt = text(data.expiresAt, 'expiresAt');
  if (Number.isNaN(Date.parse(expiresAt))) throw new TypeError('expiresAt is not a date');
  const pending = data.pendingRecoveryKey;
  if (pending !== undefined && typeof pending !== 'string') throw new TypeError('pendingRecoveryKey is not a string');
  return {
    accountId: text(data.accountId, 'accountId'),
    email: text(data.email, 'email'),
    sessionId: text(data.sessionId, 'sessionId'),
    token: text(data.token, 'token'),
    expiresAt,
    keys: {
      rootKey: fromBase64(data.rootKey, 'rootKey'),
      sharing: { secretKey: fromBase64(data.sharingSecretKey, 'sharingSecretKey'), publicKey: fromBase64(data.sharingPublicKey, 'sharingPublicKey') },
      signing: { secretKey: fromBase64(data.signingSecretKey, 'signingSecretKey'), publicKey: fromBase64(data.signingPublicKey, 'signingPublicKey') },
    },
    pendingRecoveryKey: pending,
  };
}

/** Overwrites the key bytes in memory, so a signed-out session leaves nothing behind to find. */
export function wipeKeys(keys: AccountKeys): void {
  keys.rootKey.fill(0);
  keys.sharing.secretKey.fill(0);
  keys.signing.secretKey.fill(0);
}

// Sealing the stored session under a non-extractable WebCrypto key. The key object lives in
// IndexedDB next to the ciphertext: script can ask the browser to use it, but never read its
// bytes, and deleting it makes every copy of the ciphertext useless. README.md ("Keys in the
// browser") says what this does and does not protect against.
import { decodeStoredSession, encodeStoredSession, type StoredSession } from './stored-session.ts';

/** A stored session, sealed: what goes into IndexedDB. */
export interface SealedSession {
  /** Format of this record; a different one is refused, never guessed. */
  version: 1;
  /** AES-256-GCM, non-extractable, usable for decryption only. */
  key: CryptoKey;
  /** 96-bit nonce, fresh for each seal. */
  iv: Uint8Array<ArrayBuffer>;
  ciphertext: ArrayBuffer;
}

const IV_LENGTH = 12;
/**
 * Associated data: binds the ciphertext to its purpose and format, so it cannot be passed off
 * as any other AES-GCM ciphertext the app might one day keep under a key of this shape.
 */
const ASSOCIATED_DATA = new TextEncoder().encode('coffre-web stored-session v1');

/**
 * Seals `session` under a fresh AES-256-GCM key generated here as non-extractable. A new key per
 * seal means a session saved after another shares nothing with it.
 */
export async function sealSession(session: StoredSession): Promise<SealedSession> {
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  const iv = crypto.getRandomValues(new Uint8Array(IV_LENGTH));
  const plaintext = encodeStoredSession(session);
  try {
    const ciphertext = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: ASSOCIATED_DATA, tagLength: 128 }, key, plaintext);
    return { version: 1, key, iv, ciphertext };
  } finally {
    plaintext.fill(0);
  }
}

/**
 * Opens a sealed session.
 * @throws if the record is not a version-1 sealed session, was altered, or its key is not the
 *   one it was sealed with (an OperationError from WebCrypto), or the plaintext is malformed.
 */
export async function openSession(sealed: unknown): Promise<StoredSession> {
  if (typeof sealed !== 'object' || sealed === null) throw new TypeError('no sealed session');
  const record = sealed as Partial<SealedSession>;
  if (record.version !== 1) throw new TypeError(`sealed session version ${String(record.version)} is not 1`);
  if (!(record.key instanceof CryptoKey) || record.key.extractable || record.key.algorithm.name !== 'AES-GCM') {
    // An extractable key would mean the record was not written by sealSession.
    throw new TypeError('sealed session key is not a non-extractable AES-GCM key');
  }
  if (!(record.iv instanceof Uint8Array) || record.iv.length !== IV_LENGTH || !(record.ciphertext instanceof ArrayBuffer)) {
    throw new TypeError('sealed session is malformed');
  }
  const plaintext = new Uint8Array(
    await crypto.subtle.decrypt({ name: 'AES-GCM', iv: new Uint8Array(record.iv), additionalData: ASSOCIATED_DATA, tagLength: 128 }, record.key, record.ciphertext),
  );
  try {
    return decodeStoredSession(plaintext);
  } finally {
    plaintext.fill(0);
  }
}

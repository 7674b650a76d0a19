/**
 * The one error type of @coffre/crypto. Every failure throws; nothing returns `null`.
 *
 * Decryption and authentication failures all carry the single code `DECRYPT_FAILED` on purpose:
 * a caller (or a server watching a caller) must not learn which check failed, because that
 * difference is what turns a client into a decryption oracle (MEGA, 2022). The `detail` is for
 * local debugging only and must never be sent over the network.
 */
export type CryptoErrorCode =
  /** Authentication failed: wrong key, tampered, truncated, reordered or spliced data. */
  | 'DECRYPT_FAILED'
  /** A format version or algorithm this build does not support. Refused, never guessed. */
  | 'UNSUPPORTED_VERSION'
  /** Input that is malformed before any key is involved (bad length, bad encoding, bad range). */
  | 'INVALID_INPUT'
  /** A public key differs from the one pinned for a contact. */
  | 'KEY_CHANGED';

export class CryptoError extends Error {
  override readonly name = 'CryptoError';
  constructor(
    readonly code: CryptoErrorCode,
    readonly detail: string,
  ) {
    super(code === 'DECRYPT_FAILED' ? 'decryption failed' : `${code}: ${detail}`);
  }
}

/** Throws INVALID_INPUT unless `condition` holds. */
export function ensure(condition: unknown, detail: string): asserts condition {
  if (!condition) throw new CryptoError('INVALID_INPUT', detail);
}

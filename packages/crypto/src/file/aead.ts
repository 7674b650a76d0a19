/**
 * The AES-256-GCM primitive behind the file format, behind one small interface so the format
 * code is the same everywhere while each platform uses its fastest correct implementation:
 * node:crypto in Node, WebCrypto in browsers, and @noble/ciphers' pure-JS GCM where neither
 * exists (e.g. a page served over plain HTTP has no crypto.subtle).
 *
 * Nonces and associated data are always chosen by the format code (format.ts), never by callers.
 */
export interface ChunkCipher {
  /**
   * Returns ciphertext ‖ 16-byte tag, possibly as several consecutive parts: handing out the
   * tag apart from the body saves copying every chunk once more.
   */
  seal(nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Promise<Uint8Array[]>;
  /** Returns the plaintext, or throws (any error) when the tag does not verify. */
  open(nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Promise<Uint8Array>;
}

/** Creates a ChunkCipher for one 32-byte AES-256-GCM key. */
export type ChunkCipherFactory = (key: Uint8Array) => Promise<ChunkCipher>;

/** GCM tag length in bytes: always the full 128 bits (a short tag is what MEGA folded into keys). */
export const TAG_LENGTH = 16;

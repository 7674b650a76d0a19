/**
 * `@coffre/crypto/file` for browsers and other non-Node platforms: file format v1 over
 * WebCrypto's AES-256-GCM, with @noble/ciphers' pure-JS GCM where WebCrypto is missing.
 */
import { randomBytes } from '../bytes.js';
import { webCryptoChunkCipher } from './aead-webcrypto.js';
import { createFileCrypto } from './file-crypto.js';
import { KEY_LENGTH } from './format.js';

export { type DecryptOptions, type EncryptOptions, FileDecryptor, type RangePlan, planRange } from './file-crypto.js';
export { DEFAULT_CHUNK_SIZE, type FileBinding, type FileHeader, HEADER_LENGTH, ciphertextLength, fileContext, parseHeader } from './format.js';

/** A fresh random 32-byte content key for one file version. */
export function generateFileKey(): Uint8Array {
  return randomBytes(KEY_LENGTH);
}

export const { encryptStream, decryptStream, encrypt, decrypt, openFile, decryptRange } = createFileCrypto(webCryptoChunkCipher);

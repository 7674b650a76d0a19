/**
 * `@coffre/crypto/file` in Node: the same API as index.ts over node:crypto's AES-256-GCM, which
 * is about twice as fast as WebCrypto in Node. Ciphertexts are byte-identical across platforms.
 */
import { randomBytes } from '../bytes.js';
import { nodeChunkCipher } from './aead-node.js';
import { createFileCrypto } from './file-crypto.js';
import { KEY_LENGTH } from './format.js';

export { type DecryptOptions, type EncryptOptions, FileDecryptor, type RangePlan, planRange } from './file-crypto.js';
export { DEFAULT_CHUNK_SIZE, type FileBinding, type FileHeader, HEADER_LENGTH, ciphertextLength, fileContext, parseHeader } from './format.js';

/** A fresh random 32-byte content key for one file version. */
export function generateFileKey(): Uint8Array {
  return randomBytes(KEY_LENGTH);
}

export const { encryptStream, decryptStream, encrypt, decrypt, openFile, decryptRange } = createFileCrypto(nodeChunkCipher);

/**
 * `@coffre/crypto/file` in Node: the same API as index.ts over node:crypto's AES-256-GCM, which
 * is about twice as fast as WebCrypto in Node. Ciphertexts are byte-identical across platforms.
 */
import { nodeChunkCipher } from './aead-node.js';
import { createFileCrypto } from './file-crypto.js';

export * from './shared-exports.js';

export const { encryptStream, decryptStream, encrypt, decrypt, openFile, decryptRange } = createFileCrypto(nodeChunkCipher);

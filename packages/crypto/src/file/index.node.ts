/**
 * `@coffre/crypto/file` in Node: the same API as index.ts over node:crypto's AES-256-GCM, which
 * is about twice as fast as WebCrypto in Node. Ciphertexts are byte-identical across platforms.
 */
import { nodeChunkCipher } from './aead-node.js';
import { createFileCrypto } from './file-crypto.js';
import { createPartMac } from './part-mac.js';
import { nodeHmacSha256, nodeSha256Hex } from './part-mac-node.js';

export * from './shared-exports.js';

export const { encryptStream, decryptStream, encrypt, decrypt, openFile, decryptRange, createFileEncryptor } = createFileCrypto(nodeChunkCipher);

/** The MAC of one upload part's plaintext (part-mac.ts). */
export const computePartMac = createPartMac(nodeHmacSha256);

/** SHA-256 of an upload part's bytes, in hex (the part's `x-content-sha256` and object id). */
export const partSha256 = nodeSha256Hex;

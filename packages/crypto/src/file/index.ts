/**
 * `@coffre/crypto/file` for browsers and other non-Node platforms: file format v1 over
 * WebCrypto's AES-256-GCM, with @noble/ciphers' pure-JS GCM where WebCrypto is missing.
 */
import { webCryptoChunkCipher } from './aead-webcrypto.js';
import { createFileCrypto } from './file-crypto.js';
import { createPartMac, webCryptoHmacSha256, webCryptoSha256Hex } from './part-mac.js';

export * from './shared-exports.js';

export const { encryptStream, decryptStream, encrypt, decrypt, openFile, decryptRange, createFileEncryptor } = createFileCrypto(webCryptoChunkCipher);

/** The MAC of one upload part's plaintext (part-mac.ts). */
export const computePartMac = createPartMac(webCryptoHmacSha256);

/** SHA-256 of an upload part's bytes, in hex (the part's `x-content-sha256` and object id). */
export const partSha256 = webCryptoSha256Hex;

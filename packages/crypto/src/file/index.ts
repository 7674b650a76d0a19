/**
 * `@coffre/crypto/file` for browsers and other non-Node platforms: file format v1 over
 * WebCrypto's AES-256-GCM, with @noble/ciphers' pure-JS GCM where WebCrypto is missing.
 */
import { webCryptoChunkCipher } from './aead-webcrypto.js';
import { createFileCrypto } from './file-crypto.js';

export * from './shared-exports.js';

export const { encryptStream, decryptStream, encrypt, decrypt, openFile, decryptRange } = createFileCrypto(webCryptoChunkCipher);

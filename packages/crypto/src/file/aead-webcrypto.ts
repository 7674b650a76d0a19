import { type ChunkCipher, type ChunkCipherFactory, TAG_LENGTH } from './aead.js';
import { nobleChunkCipher } from './aead-noble.js';

/**
 * AES-256-GCM through WebCrypto, the platform's native implementation in browsers.
 *
 * The key is imported once as a non-extractable CryptoKey and reused for every chunk
 * (re-importing per chunk, as a generic wrapper must, costs a large share of throughput on small
 * chunks). Falls back to the pure-JS cipher when crypto.subtle is missing.
 */
export const webCryptoChunkCipher: ChunkCipherFactory = async (key) => {
  const subtle = globalThis.crypto?.subtle;
  if (subtle === undefined) return nobleChunkCipher(key);
  const cryptoKey = await subtle.importKey('raw', key as BufferSource, { name: 'AES-GCM' }, false, [
    'encrypt',
    'decrypt',
  ]);
  const params = (nonce: Uint8Array, aad: Uint8Array): AesGcmParams => ({
    name: 'AES-GCM',
    iv: nonce as BufferSource,
    additionalData: aad as BufferSource,
    tagLength: TAG_LENGTH * 8,
  });
  const cipher: ChunkCipher = {
    seal: async (nonce, aad, plaintext) => [
      new Uint8Array(await subtle.encrypt(params(nonce, aad), cryptoKey, plaintext as BufferSource)),
    ],
    open: async (nonce, aad, sealed) =>
      new Uint8Array(await subtle.decrypt(params(nonce, aad), cryptoKey, sealed as BufferSource)),
  };
  return cipher;
};

import { gcm } from '@noble/ciphers/aes.js';
import { type ChunkCipher, type ChunkCipherFactory } from './aead.js';

/**
 * Pure-JS AES-256-GCM from @noble/ciphers: the fallback where neither node:crypto nor
 * WebCrypto is available. Slow (about 50-60 MB/s here) but constant-time and audited.
 */
export const nobleChunkCipher: ChunkCipherFactory = async (key) => {
  const ownKey = key.slice();
  const cipher: ChunkCipher = {
    seal: async (nonce, aad, plaintext) => [gcm(ownKey, nonce, aad).encrypt(plaintext)],
    open: async (nonce, aad, sealed) => gcm(ownKey, nonce, aad).decrypt(sealed),
  };
  return cipher;
};

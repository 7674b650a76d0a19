// Base64url without padding (RFC 4648 §5), the text form of keys and envelopes in JSON records.
// Decoding is strict: one byte string has exactly one accepted encoding, so a record cannot be
// altered by re-encoding it (unused trailing bits must be zero, no padding, no whitespace).
import { ensure } from './errors.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUES = new Map([...ALPHABET].map((char, value) => [char, value]));

/** Encodes bytes as unpadded base64url. */
export function toBase64url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const chunk = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let j = 0; j < chars; j++) out += ALPHABET[(chunk >> (18 - 6 * j)) & 63];
  }
  return out;
}

/**
 * Decodes unpadded base64url.
 * @throws CryptoError INVALID_INPUT for anything but the canonical encoding of some byte string.
 */
export function fromBase64url(text: string, name = 'base64url value'): Uint8Array {
  ensure(typeof text === 'string', `${name} must be a string`);
  ensure(text.length % 4 !== 1, `${name} has an impossible length`);
  const out = new Uint8Array(Math.floor((text.length * 6) / 8));
  let buffer = 0;
  let bits = 0;
  let written = 0;
  for (const char of text) {
    const value = VALUES.get(char);
    ensure(value !== undefined, `${name} contains a character outside base64url`);
    buffer = ((buffer << 6) | value) & 0xffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[written++] = (buffer >> bits) & 0xff;
    }
  }
  ensure((buffer & ((1 << bits) - 1)) === 0, `${name} is not canonical (non-zero trailing bits)`);
  return out;
}

// base64url (RFC 4648 §5, no padding), the API's encoding for binary values. Decoding is strict,
// so a value has one encoding only, as in @coffre/crypto.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const CANONICAL = /^[A-Za-z0-9_-]*$/;

/** Encodes bytes as base64url without padding. */
export function toBase64url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const chunk = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let c = 0; c < chars; c++) out += ALPHABET[(chunk >> (18 - 6 * c)) & 63];
  }
  return out;
}

/**
 * Decodes base64url without padding.
 * @throws TypeError for characters outside the alphabet, a length of 1 mod 4, or non-zero unused bits.
 */
export function fromBase64url(text: string): Uint8Array {
  if (!CANONICAL.test(text) || text.length % 4 === 1) throw new TypeError('not canonical base64url');
  const out = new Uint8Array(Math.floor((text.length * 6) / 8));
  let buffer = 0;
  let bits = 0;
  let written = 0;
  for (const char of text) {
    buffer = ((buffer << 6) | ALPHABET.indexOf(char)) & 0xffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[written++] = (buffer >> bits) & 0xff;
    }
  }
  if ((buffer & ((1 << bits) - 1)) !== 0) throw new TypeError('not canonical base64url');
  return out;
}

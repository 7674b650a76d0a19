// Byte helpers for tests.
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';

export const hex = bytesToHex;
export const unhex = hexToBytes;

/** A copy of `bytes` with bit `bit` (0 = most significant bit of byte 0) inverted. */
export function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const out = bytes.slice();
  out[bit >> 3]! ^= 0x80 >> (bit & 7);
  return out;
}

/** A copy of `bytes` with byte `index` replaced by `value`. */
export function withByte(bytes: Uint8Array, index: number, value: number): Uint8Array {
  const out = bytes.slice();
  out[index] = value;
  return out;
}

// Byte helpers shared by every module of the package. Randomness comes only from the platform
// CSPRNG (crypto.getRandomValues), through @noble/hashes.
import { bytesToHex, concatBytes, hexToBytes, randomBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { ensure } from './errors.js';

export { bytesToHex, concatBytes, hexToBytes, randomBytes, utf8ToBytes };

/** Constant-time equality of two byte arrays (length is not secret). */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** Big-endian unsigned 64-bit encoding of a safe integer. */
export function u64be(value: number): Uint8Array {
  ensure(Number.isSafeInteger(value) && value >= 0, 'u64 value must be a non-negative safe integer');
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(value));
  return out;
}

/** Reads a big-endian u64 that must fit a safe integer. */
export function readU64be(bytes: Uint8Array, offset: number): number {
  const value = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(offset);
  ensure(value <= BigInt(Number.MAX_SAFE_INTEGER), 'u64 value exceeds 2^53-1');
  return Number(value);
}

/** Big-endian u32. */
export function u32be(value: number): Uint8Array {
  ensure(Number.isInteger(value) && value >= 0 && value <= 0xffffffff, 'u32 value out of range');
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value);
  return out;
}

/**
 * Length-prefixed concatenation (u32be length before each part), so that two different lists of
 * fields can never encode to the same bytes. Used for every associated-data layout.
 */
export function encodeFields(...fields: Uint8Array[]): Uint8Array {
  return concatBytes(...fields.flatMap((field) => [u32be(field.length), field]));
}

/** Throws INVALID_INPUT unless `bytes` is a Uint8Array of exactly `length` bytes. */
export function ensureBytes(bytes: unknown, length: number | undefined, name: string): asserts bytes is Uint8Array {
  ensure(bytes instanceof Uint8Array, `${name} must be a Uint8Array`);
  if (length !== undefined) ensure(bytes.length === length, `${name} must be ${length} bytes, got ${bytes.length}`);
}

import { StorageError } from './errors.js';

/**
 * An object's address: the SHA-256 of its bytes (the ciphertext), as 64 lowercase hex digits.
 * Addressing by content lets every read be checked without any key, and makes a write of the
 * same id idempotent: two writers of one id necessarily hold the same bytes.
 */
export type ObjectId = string;

const OBJECT_ID = /^[0-9a-f]{64}$/;

/** True when `value` is a well-formed object id (64 lowercase hex digits). */
export function isObjectId(value: string): value is ObjectId {
  return OBJECT_ID.test(value);
}

/**
 * Refuses anything but 64 lowercase hex digits. Backends build paths and S3 keys from ids, so
 * this check is also what keeps `../` and friends out of them.
 *
 * @throws {StorageError} INVALID_INPUT
 */
export function assertObjectId(value: string): asserts value is ObjectId {
  if (!isObjectId(value)) throw new StorageError('INVALID_INPUT', 'an object id is 64 lowercase hex digits (SHA-256)');
}

/** A run of bytes: `length` bytes from `offset`. Explicit on both ends (no suffix ranges). */
export interface ByteRange {
  readonly offset: number;
  readonly length: number;
}

/**
 * Checks that `range` is a non-empty run of bytes inside an object of `size` bytes.
 *
 * @throws {StorageError} INVALID_INPUT
 */
export function assertRangeWithin(range: ByteRange, size: number): void {
  const { offset, length } = range;
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 1) {
    throw new StorageError('INVALID_INPUT', 'a byte range needs an integer offset >= 0 and length >= 1');
  }
  if (offset + length > size) {
    throw new StorageError('INVALID_INPUT', `bytes ${offset}..${offset + length - 1} lie beyond the object's ${size} bytes`);
  }
}

/**
 * Checks an announced object size.
 *
 * @throws {StorageError} INVALID_INPUT
 */
export function assertObjectSize(size: number): void {
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new StorageError('INVALID_INPUT', 'an object size is an integer number of bytes >= 0');
  }
}

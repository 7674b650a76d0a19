import { createHash } from 'node:crypto';
import { BLOCK_HASH_BYTES, blockCount } from '../placement.js';

/** A run of whole blocks and the SHA-256 of each, as `BlockHashing.hashBlocks` hands them back. */
export interface HashedBlocks {
  /** The bytes that were hashed, unchanged (for the worker pool: the same memory, transferred back). */
  readonly bytes: Uint8Array;
  /** SHA-256 of each block of `bytes`, concatenated (`BLOCK_HASH_BYTES` each). */
  readonly digests: Uint8Array;
}

/**
 * Computes the SHA-256 of each block of a run of bytes: where a verified read spends most of its
 * time. `BlockHashWorkers` does it on worker threads, `inlineBlockHashing` on the calling thread.
 */
export interface BlockHashing {
  /**
   * Hashes each `blockSize` block of `bytes` (the last may be shorter).
   *
   * Takes `bytes.buffer` over until the promise settles: the caller must own that buffer whole
   * (nobody else holds a view of it) and must use the returned `bytes`, not its own view, which a
   * worker pool leaves detached.
   *
   * @throws {StorageError} INTERNAL when the hashing machinery failed (a worker crashed); ABORTED
   *   when it has been closed.
   */
  hashBlocks(bytes: Uint8Array, blockSize: number): Promise<HashedBlocks>;

  /**
   * Reads `length` bytes of an open file at `position` into a new buffer and hashes each
   * `blockSize` block of them, both on the hashing thread: with the worker pool, a verified read
   * of a local file never passes its bytes through the calling thread until they are hashed.
   * Optional: without it, callers read the bytes themselves and use `hashBlocks`.
   *
   * The bytes come back in a buffer of their own (`byteOffset` 0), which the caller owns. When the
   * file ends first, they are fewer than `length`: the caller decides what a short read means.
   * The caller keeps `fd` open until the promise has settled; by then nothing reads it any more.
   *
   * @param stallMs Gives up when the read has not returned this long after it started (a hung
   *   disk), not counting time spent waiting for a thread.
   * @throws {StorageError} UNAVAILABLE when the file could not be read, or stalled (the file's
   *   failure, not the hashing's); INTERNAL when the hashing machinery failed; ABORTED when it has
   *   been closed.
   */
  readAndHashBlocks?(file: FileBytes, blockSize: number, stallMs?: number): Promise<HashedBlocks>;
}

/** `length` bytes at `position` of the open file `fd`. */
export interface FileBytes {
  readonly fd: number;
  readonly position: number;
  readonly length: number;
}

/**
 * Hashes on the calling thread. Enough where throughput does not matter, and what maintenance uses
 * unless it is given the store's workers.
 */
export const inlineBlockHashing: BlockHashing = {
  async hashBlocks(bytes, blockSize) {
    return { bytes, digests: digestBlocks(bytes, blockSize) };
  },
};

/** The concatenated SHA-256 of each `blockSize` block of `bytes`. */
export function digestBlocks(bytes: Uint8Array, blockSize: number): Uint8Array {
  const count = blockCount(bytes.length, blockSize);
  const digests = new Uint8Array(count * BLOCK_HASH_BYTES);
  for (let index = 0; index < count; index += 1) {
    const block = bytes.subarray(index * blockSize, Math.min((index + 1) * blockSize, bytes.length));
    digests.set(createHash('sha256').update(block).digest(), index * BLOCK_HASH_BYTES);
  }
  return digests;
}

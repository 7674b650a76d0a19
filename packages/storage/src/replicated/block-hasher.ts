import { type Hash, createHash, timingSafeEqual } from 'node:crypto';
import { BLOCK_HASH_BYTES, blockCount } from '../placement.js';

/**
 * Computes the SHA-256 of each `blockSize` block of a stream as it passes, whatever the chunk
 * boundaries, for the placement's `blockHashes`.
 */
export class BlockHasher {
  readonly #blockSize: number;
  readonly #digests: Uint8Array[] = [];
  #current: Hash | undefined;
  #filled = 0;

  constructor(blockSize: number) {
    this.#blockSize = blockSize;
  }

  update(chunk: Uint8Array): void {
    for (let offset = 0; offset < chunk.length; ) {
      const take = Math.min(this.#blockSize - this.#filled, chunk.length - offset);
      this.#current ??= createHash('sha256');
      this.#current.update(chunk.subarray(offset, offset + take));
      this.#filled += take;
      offset += take;
      if (this.#filled === this.#blockSize) this.#finishBlock();
    }
  }

  /** The concatenated block hashes of everything seen, the last (shorter) block included. */
  digest(): Uint8Array {
    if (this.#filled > 0) this.#finishBlock();
    const all = new Uint8Array(this.#digests.length * BLOCK_HASH_BYTES);
    this.#digests.forEach((digest, index) => all.set(digest, index * BLOCK_HASH_BYTES));
    return all;
  }

  #finishBlock(): void {
    this.#digests.push(new Uint8Array(this.#current!.digest()));
    this.#current = undefined;
    this.#filled = 0;
  }
}

/** The expected hash of block `index`, out of a placement's concatenated `blockHashes`. */
export function expectedBlockHash(blockHashes: Uint8Array, index: number): Uint8Array {
  return blockHashes.subarray(index * BLOCK_HASH_BYTES, (index + 1) * BLOCK_HASH_BYTES);
}

/** True when `block` hashes to block `index`'s recorded hash. */
export function matchesBlockHash(blockHashes: Uint8Array, index: number, block: Uint8Array): boolean {
  const expected = expectedBlockHash(blockHashes, index);
  const actual = createHash('sha256').update(block).digest();
  return expected.length === actual.length && timingSafeEqual(actual, expected);
}

/** Length of block `index` of a shard of `size` bytes. */
export function blockLength(size: number, blockSize: number, index: number): number {
  if (index < 0 || index >= blockCount(size, blockSize)) return 0;
  return Math.min(blockSize, size - index * blockSize);
}

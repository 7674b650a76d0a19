import { timingSafeEqual } from 'node:crypto';
import { StorageError, asStorageError } from '../errors.js';
import { BLOCK_HASH_BYTES, type ShardDescriptor } from '../placement.js';
import { blockLength, expectedBlockHash } from './block-hasher.js';
import { type BlockHashing } from './block-hashing.js';
import { type BlockSource, type HashedRead } from './block-source.js';

/**
 * Bytes read and hashed as one unit (two 256 KiB blocks): few enough messages to a worker, and
 * small enough buffers that the garbage of a fast read stays low. 1 MiB batches measured no
 * faster and raised the peak RSS of a 1 GiB read by 30-40 MiB (docs/benchmarks.md).
 */
export const VERIFY_BATCH_BYTES = 512 * 1024;

/**
 * Batches read from one copy ahead of the consumer, their hashing under way: memory is this many
 * batches. Three keep two hashing workers busy with a batch each while the consumer takes one;
 * since reads go on while a batch is handed out, a fourth made the read no faster and its peak RSS
 * a few MiB higher (docs/benchmarks.md, "Replicated storage", session 4).
 */
export const VERIFY_BATCHES_AHEAD = 3;

/** What `VerifiedBlocks.next` found. */
export type NextBlocks =
  /** Whole blocks from `firstBlock` on, every one of which matched its hash. */
  | { readonly kind: 'blocks'; readonly firstBlock: number; readonly bytes: Uint8Array }
  /**
   * The copy cannot serve block `block`: it does not match its hash (INTEGRITY), the copy is short
   * (INTEGRITY), or the backend stalled or failed (UNAVAILABLE). Blocks before it were all handed out.
   */
  | { readonly kind: 'copy-failed'; readonly block: number; readonly error: StorageError; readonly detail: string }
  /** Every block asked for has been handed out. */
  | { readonly kind: 'end' };

export interface VerifiedBlocksOptions {
  readonly batchBytes?: number;
  readonly batchesAhead?: number;
}

interface Batch {
  readonly firstBlock: number;
  readonly count: number;
  readonly read: Promise<HashedRead>;
}

/**
 * Blocks `firstBlock` to `lastBlock` of one copy of a shard, each checked against its hash before
 * it is handed out, in order.
 *
 * Works in batches of whole blocks (about `VERIFY_BATCH_BYTES`), keeping `VERIFY_BATCHES_AHEAD`
 * in flight. From a local file, with hashing that can read files (the worker pool), each batch is
 * read and hashed on a hashing thread, the batches of one read spread over all of them; otherwise
 * each batch is read here into a buffer of its own, one after the other, and handed to `hashing`
 * as soon as it is read, so the next one is read while the previous ones are hashed. Either way
 * the reading goes on while the batch at the head is handed out and the consumer deals with it:
 * `next` waits for the head batch only, never for a read it has just started. Batches are taken
 * in order whatever order they finish in. A batch whose block k does not match is handed out up
 * to k, and the failure comes next. Read-ahead changes how fast blocks come, never which: nothing
 * is handed out before its own hash matched.
 */
export class VerifiedBlocks {
  readonly #source: BlockSource;
  readonly #shard: ShardDescriptor;
  readonly #lastBlock: number;
  readonly #hashing: BlockHashing;
  readonly #blocksPerBatch: number;
  readonly #batchesAhead: number;
  readonly #queue: Batch[] = [];
  /** First block not yet read. */
  #readBlock: number;
  /** A failure found inside a batch whose good blocks went out first. */
  #failure: NextBlocks | undefined;
  /** The last batch read here started (`BlockSource.read` takes one run at a time): the next one waits for it. */
  #lastRead: Promise<unknown> = Promise.resolve();

  constructor(source: BlockSource, shard: ShardDescriptor, firstBlock: number, lastBlock: number, hashing: BlockHashing, options: VerifiedBlocksOptions = {}) {
    this.#source = source;
    this.#shard = shard;
    this.#lastBlock = lastBlock;
    this.#hashing = hashing;
    this.#readBlock = firstBlock;
    this.#blocksPerBatch = Math.max(1, Math.floor((options.batchBytes ?? VERIFY_BATCH_BYTES) / shard.blockSize));
    this.#batchesAhead = Math.max(1, options.batchesAhead ?? VERIFY_BATCHES_AHEAD);
  }

  /**
   * The next verified blocks, or why this copy cannot give them.
   *
   * @throws {StorageError} INTERNAL or ABORTED when hashing failed: the store's failure, not the
   *   copy's, so no other copy would fare better.
   */
  async next(): Promise<NextBlocks> {
    if (this.#failure !== undefined) return this.#failure;
    this.#readAhead();
    const batch = this.#queue.shift();
    if (batch === undefined) return { kind: 'end' };
    const read = await batch.read;
    if ('readError' in read) return this.#fail(batch.firstBlock, read.readError);
    const { bytes, digests } = read.hashed;
    const good = this.#matchingBlocks(batch.firstBlock, batch.count, digests);
    if (good === batch.count) return { kind: 'blocks', firstBlock: batch.firstBlock, bytes };
    const bad = batch.firstBlock + good;
    const detail = `block ${bad} on ${this.#source.backend.id} does not match its hash`;
    const mismatch = new StorageError('INTEGRITY', detail);
    if (good === 0) return this.#fail(bad, mismatch, detail);
    this.#failure = { kind: 'copy-failed', block: bad, error: mismatch, detail };
    return { kind: 'blocks', firstBlock: batch.firstBlock, bytes: bytes.subarray(0, good * this.#shard.blockSize) };
  }

  /**
   * Starts batches until enough are in flight, without waiting for any. A read that fails fails
   * its batch, in its place in the queue, and every batch after it without reading further.
   */
  #readAhead(): void {
    const { blockSize } = this.#shard;
    const fromFile = this.#source.readsFileWith(this.#hashing);
    while (this.#queue.length < this.#batchesAhead && this.#readBlock <= this.#lastBlock) {
      const firstBlock = this.#readBlock;
      const count = Math.min(this.#blocksPerBatch, this.#lastBlock - firstBlock + 1);
      let length = 0;
      for (let index = firstBlock; index < firstBlock + count; index += 1) length += blockLength(this.#shard.size, blockSize, index);
      this.#readBlock += count;
      let read: Promise<HashedRead>;
      if (fromFile) {
        read = this.#source.readHashed(length, blockSize, this.#hashing);
      } else {
        // One stream, read in order: each batch is read once the one before it has been, and not
        // at all if that one failed (it fails with the same error, behind it in the queue).
        const bytes = this.#lastRead.then(() => this.#source.read(length));
        this.#lastRead = bytes;
        read = bytes.then(
          (batchBytes) => this.#hashing.hashBlocks(batchBytes, blockSize).then((hashed): HashedRead => ({ hashed })),
          (error: unknown): HashedRead => ({ readError: asStorageError(error) }),
        );
      }
      // Awaited in order when its turn comes; until then a rejection must not count as unhandled.
      read.catch(() => undefined);
      this.#queue.push({ firstBlock, count, read });
    }
  }

  /** How many blocks from `firstBlock` on match their recorded hash, up to the first that does not. */
  #matchingBlocks(firstBlock: number, count: number, digests: Uint8Array): number {
    for (let offset = 0; offset < count; offset += 1) {
      const expected = expectedBlockHash(this.#shard.blockHashes, firstBlock + offset);
      const actual = digests.subarray(offset * BLOCK_HASH_BYTES, (offset + 1) * BLOCK_HASH_BYTES);
      if (actual.length !== BLOCK_HASH_BYTES || expected.length !== BLOCK_HASH_BYTES || !timingSafeEqual(actual, expected)) return offset;
    }
    return count;
  }

  #fail(block: number, error: StorageError, detail = error.message): NextBlocks {
    this.#queue.length = 0;
    this.#failure = { kind: 'copy-failed', block, error, detail };
    return this.#failure;
  }
}

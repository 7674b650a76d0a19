import { throwIfAborted } from '../abort.js';
import { type ObjectBackend } from '../backend.js';
import { type BackendFailure, StorageError, asStorageError, backendFailure, isStorageError } from '../errors.js';
import { type BackendHealth } from '../health.js';
import { type ByteRange, type ObjectId } from '../object-id.js';
import { type ShardDescriptor } from '../placement.js';
import { type RepairQueue } from '../repair.js';
import { timingSafeEqual } from 'node:crypto';
import { blockLength, expectedBlockHash, matchesBlockHash } from './block-hasher.js';
import { BlockSource } from './block-source.js';

export interface ReadTiming {
  /** Wait before hedging when a backend's latency is not known yet. */
  readonly hedgeInitialMs: number;
  /** Hedge after this multiple of the backend's usual time to first byte... */
  readonly hedgeFactor: number;
  /** ...but never sooner than this... */
  readonly hedgeMinMs: number;
  /** ...nor later than this. */
  readonly hedgeMaxMs: number;
  /** A copy that sends nothing for this long midway is abandoned for the next one. */
  readonly readStallMs: number;
}

export interface ReplicaRead {
  readonly objectId: ObjectId;
  readonly shard: ShardDescriptor;
  /** Backends holding a copy of the shard. */
  readonly copies: readonly ObjectBackend[];
  /** Validated: non-empty and inside the shard. */
  readonly range: ByteRange;
}

export interface ReadServices {
  readonly health: BackendHealth;
  readonly repairs: RepairQueue;
  readonly timing: ReadTiming;
}

interface Attempt {
  readonly backend: ObjectBackend;
  readonly abort: AbortController;
  readonly startedAt: number;
  readonly opened: Promise<{ source: BlockSource; block: Uint8Array }>;
}

/**
 * Reads `range` of a replicated shard with every byte verified before it is handed out.
 *
 * The range is widened to whole blocks, and each block is checked against the placement's block
 * hash. A copy that is down, slow, short or corrupt is abandoned at the block where it failed and
 * the read resumes from the next copy, healthiest first, so the caller sees one uninterrupted,
 * correct stream. Opening a copy is hedged: if the first block has not arrived after the backend's
 * usual latency (times `hedgeFactor`), the next copy is asked too, and the first verified answer
 * wins. Damaged and missing copies are reported for repair.
 *
 * Resolves once the first block has been verified, so that an object no copy can serve fails here
 * rather than midway through the body.
 *
 * @throws {StorageError} UNAVAILABLE (with per-backend `failures`) when no copy can serve a block.
 */
export async function readReplicas(read: ReplicaRead, services: ReadServices): Promise<ReadableStream<Uint8Array>> {
  return new ReplicaReader(read, services).open();
}

class ReplicaReader {
  readonly #read: ReplicaRead;
  readonly #services: ReadServices;
  readonly #excluded = new Set<string>();
  readonly #failures: BackendFailure[] = [];
  readonly #lastBlock: number;
  #nextBlock: number;
  #source: BlockSource | undefined;
  #readAhead: ReadAhead | undefined;
  #pending: Attempt[] = [];

  constructor(read: ReplicaRead, services: ReadServices) {
    this.#read = read;
    this.#services = services;
    const { blockSize } = read.shard;
    this.#nextBlock = Math.floor(read.range.offset / blockSize);
    this.#lastBlock = Math.floor((read.range.offset + read.range.length - 1) / blockSize);
  }

  async open(): Promise<ReadableStream<Uint8Array>> {
    let first: Uint8Array | undefined = await this.#nextVerifiedBlock();
    return new ReadableStream<Uint8Array>(
      {
        pull: async (controller) => {
          try {
            const index = this.#nextBlock;
            const block = first ?? (await this.#nextVerifiedBlock());
            first = undefined;
            controller.enqueue(this.#trim(block, index));
            this.#nextBlock += 1;
            if (this.#nextBlock > this.#lastBlock) {
              this.#close();
              controller.close();
            }
          } catch (error) {
            this.#close();
            controller.error(error);
          }
        },
        cancel: () => this.#close(),
      },
      { highWaterMark: 1 },
    );
  }

  /** The bytes of block `index` that lie inside the requested range. */
  #trim(block: Uint8Array, index: number): Uint8Array {
    const blockStart = index * this.#read.shard.blockSize;
    const from = Math.max(this.#read.range.offset - blockStart, 0);
    const to = Math.min(this.#read.range.offset + this.#read.range.length - blockStart, block.length);
    return from === 0 && to === block.length ? block : block.subarray(from, to);
  }

  /** Block `#nextBlock`, verified, from the current copy or, failing that, the next ones. */
  async #nextVerifiedBlock(): Promise<Uint8Array> {
    for (;;) {
      if (this.#source === undefined) {
        const { source, block } = await this.#openHedged();
        this.#source = source;
        this.#readAhead = new ReadAhead(source, this.#nextBlock + 1);
        return block;
      }
      const source = this.#source;
      try {
        return await this.#readAhead!.next(this.#nextBlock, this.#lastBlock, (index) => this.#blockLength(index), (block, index) =>
          this.#verifyOffThread(source.backend, block, index),
        );
      } catch (error) {
        // Whatever was read ahead from this copy is dropped; the next copy resumes at #nextBlock.
        source.close();
        this.#source = undefined;
        this.#readAhead = undefined;
        this.#fail(source.backend, error);
      }
    }
  }

  /**
   * Opens the healthiest copy not yet abandoned at `#nextBlock` and reads its first block; hedges
   * with the next copy whenever the current attempt is slower than expected.
   */
  async #openHedged(): Promise<{ source: BlockSource; block: Uint8Array }> {
    const candidates = this.#services.health
      .rank(this.#read.copies, (backend) => backend.id)
      .filter((backend) => !this.#excluded.has(backend.id));
    let hedgeTimer: NodeJS.Timeout | undefined;
    try {
      for (;;) {
        if (this.#pending.length === 0) {
          const next = candidates.shift();
          if (next === undefined) throw this.#exhausted();
          this.#pending.push(this.#attempt(next));
        }
        const hedgeAfter = candidates.length > 0 ? this.#hedgeDelay(this.#pending[this.#pending.length - 1]!.backend) : undefined;
        const hedge = new Promise<'hedge'>((resolve) => {
          if (hedgeAfter !== undefined) hedgeTimer = setTimeout(() => resolve('hedge'), hedgeAfter);
        });
        const settled = await Promise.race([...this.#pending.map((attempt) => this.#settle(attempt)), hedge]);
        clearTimeout(hedgeTimer);
        if (settled === 'hedge') {
          this.#pending.push(this.#attempt(candidates.shift()!));
          continue;
        }
        this.#pending = this.#pending.filter((attempt) => attempt !== settled.attempt);
        if ('error' in settled) {
          this.#fail(settled.attempt.backend, settled.error);
          // Do not wait for a hedge timer to try the next copy: this one has already answered no.
          const next = candidates.shift();
          if (next !== undefined) this.#pending.push(this.#attempt(next));
          continue;
        }
        this.#services.health.recordSuccess(settled.attempt.backend.id, performance.now() - settled.attempt.startedAt);
        this.#abandonPending();
        return settled.opened;
      }
    } finally {
      clearTimeout(hedgeTimer);
    }
  }

  #attempt(backend: ObjectBackend): Attempt {
    const abort = new AbortController();
    const index = this.#nextBlock;
    const offset = index * this.#read.shard.blockSize;
    const end = Math.min((this.#lastBlock + 1) * this.#read.shard.blockSize, this.#read.shard.size);
    const opened = (async () => {
      const { body } = await backend
        .get(this.#read.shard.key, { range: { offset, length: end - offset }, signal: abort.signal })
        .catch((error: unknown) => {
          // The range lies within the recorded size, so a backend refusing it holds a short copy.
          throw isStorageError(error, 'INVALID_INPUT')
            ? new StorageError('INTEGRITY', `${backend.id} holds a copy shorter than recorded`, { cause: error })
            : error;
        });
      const source = new BlockSource(backend, body, this.#services.timing.readStallMs);
      try {
        throwIfAborted(abort.signal);
        const block = await source.readBlock(this.#blockLength(index));
        this.#verify(backend, block, index);
        return { source, block };
      } catch (error) {
        source.close();
        throw error;
      }
    })();
    // Losing attempts settle after nobody listens; their outcome is already accounted for.
    opened.catch(() => undefined);
    return { backend, abort, startedAt: performance.now(), opened };
  }

  async #settle(attempt: Attempt): Promise<{ attempt: Attempt; opened: { source: BlockSource; block: Uint8Array } } | { attempt: Attempt; error: unknown }> {
    try {
      return { attempt, opened: await attempt.opened };
    } catch (error) {
      return { attempt, error };
    }
  }

  /** Cancels attempts that lost a hedge, noting how long they had taken so far. */
  #abandonPending(): void {
    for (const attempt of this.#pending) {
      this.#services.health.recordLatency(attempt.backend.id, performance.now() - attempt.startedAt);
      attempt.abort.abort(new StorageError('ABORTED', 'another copy answered first'));
      attempt.opened.then(({ source }) => source.close(), () => undefined);
    }
    this.#pending = [];
  }

  #hedgeDelay(backend: ObjectBackend): number {
    const { hedgeInitialMs, hedgeFactor, hedgeMinMs, hedgeMaxMs } = this.#services.timing;
    const latency = this.#services.health.latencyMs(backend.id);
    const delay = latency === undefined ? hedgeInitialMs : latency * hedgeFactor;
    return Math.min(Math.max(delay, hedgeMinMs), hedgeMaxMs);
  }

  #blockLength(index: number): number {
    return blockLength(this.#read.shard.size, this.#read.shard.blockSize, index);
  }

  /** @throws {StorageError} INTEGRITY when block `index` does not match its recorded hash. */
  #verify(backend: ObjectBackend, block: Uint8Array, index: number): void {
    if (!matchesBlockHash(this.#read.shard.blockHashes, index, block)) {
      throw new StorageError('INTEGRITY', `block ${index} from ${backend.id} does not match its hash`);
    }
  }

  /**
   * Like #verify, but hashes on Node's thread pool (WebCrypto), so the next blocks are read while
   * this one is checked, and a read uses both cores.
   */
  async #verifyOffThread(backend: ObjectBackend, block: Uint8Array, index: number): Promise<void> {
    const actual = new Uint8Array(await crypto.subtle.digest('SHA-256', block as BufferSource));
    const expected = expectedBlockHash(this.#read.shard.blockHashes, index);
    if (expected.length !== actual.length || !timingSafeEqual(actual, expected)) {
      throw new StorageError('INTEGRITY', `block ${index} from ${backend.id} does not match its hash`);
    }
  }

  /** Takes a copy out of this read, and says why to health tracking and to repair. */
  #fail(backend: ObjectBackend, error: unknown): void {
    const failure = asStorageError(error);
    this.#excluded.add(backend.id);
    this.#failures.push(backendFailure(backend.id, failure));
    const { objectId, shard } = this.#read;
    if (failure.code === 'INTEGRITY' || failure.code === 'NOT_FOUND') {
      // The backend answered, so it is up; what it holds is wrong or gone.
      this.#services.repairs.report({
        kind: 'replace-copy',
        objectId,
        shard: shard.index,
        backendId: backend.id,
        reason: failure.code === 'INTEGRITY' ? 'corrupt' : 'missing',
        detail: failure.message,
      });
    } else {
      this.#services.health.recordFailure(backend.id);
    }
  }

  #exhausted(): StorageError {
    return new StorageError('UNAVAILABLE', `no copy of ${this.#read.objectId} could serve block ${this.#nextBlock}`, {
      failures: this.#failures,
    });
  }

  #close(): void {
    this.#source?.close();
    this.#source = undefined;
    this.#abandonPending();
  }
}

/** How many blocks of the current copy are read and being verified ahead of the consumer. */
export const READ_AHEAD_BLOCKS = 3;

/**
 * Blocks read from one copy ahead of the consumer, each with its verification under way. A
 * block is handed out only once its own hash has matched, in order, so read-ahead changes how
 * fast a read goes, never what it returns. Memory: READ_AHEAD_BLOCKS blocks.
 */
class ReadAhead {
  readonly #source: BlockSource;
  readonly #queue: Array<{ block: Uint8Array; verified: Promise<void> }> = [];
  #readIndex: number;

  constructor(source: BlockSource, firstIndex: number) {
    this.#source = source;
    this.#readIndex = firstIndex;
  }

  async next(
    index: number,
    lastIndex: number,
    lengthOf: (index: number) => number,
    verify: (block: Uint8Array, index: number) => Promise<void>,
  ): Promise<Uint8Array> {
    while (this.#queue.length < READ_AHEAD_BLOCKS && this.#readIndex <= lastIndex) {
      const readIndex = this.#readIndex;
      const block = await this.#source.readBlock(lengthOf(readIndex));
      const verified = verify(block, readIndex);
      verified.catch(() => undefined); // reported in order, when its block's turn comes
      this.#queue.push({ block, verified });
      this.#readIndex += 1;
    }
    const head = this.#queue.shift();
    if (head === undefined) throw new StorageError('INTEGRITY', `block ${index} was not read`);
    await head.verified;
    return head.block;
  }
}

import { throwIfAborted } from '../abort.js';
import { type ObjectBackend } from '../backend.js';
import { type BackendFailure, StorageError, asStorageError, backendFailure, isStorageError } from '../errors.js';
import { type BackendHealth } from '../health.js';
import { type ByteRange, type ObjectId } from '../object-id.js';
import { type ShardDescriptor } from '../placement.js';
import { type RepairQueue } from '../repair.js';
import { blockLength, matchesBlockHash } from './block-hasher.js';
import { type BlockHashing } from './block-hashing.js';
import { BlockSource } from './block-source.js';
import { VerifiedBlocks } from './verified-blocks.js';

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
  /** Hashes the blocks after the first (the first is checked at once, to settle hedging). */
  readonly hashing: BlockHashing;
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
 * rather than midway through the body. Later blocks are read ahead and hashed by
 * `services.hashing` (worker threads in the store), a batch at a time (`VerifiedBlocks`).
 *
 * @throws {StorageError} UNAVAILABLE (with per-backend `failures`) when no copy can serve a block.
 *   The body errors likewise, or with INTERNAL or ABORTED when hashing failed (no copy is blamed).
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
  /** First block not yet handed out. */
  #nextBlock: number;
  #source: BlockSource | undefined;
  #blocks: VerifiedBlocks | undefined;
  #pending: Attempt[] = [];

  constructor(read: ReplicaRead, services: ReadServices) {
    this.#read = read;
    this.#services = services;
    const { blockSize } = read.shard;
    this.#nextBlock = Math.floor(read.range.offset / blockSize);
    this.#lastBlock = Math.floor((read.range.offset + read.range.length - 1) / blockSize);
  }

  async open(): Promise<ReadableStream<Uint8Array>> {
    let first: Uint8Array | undefined = await this.#nextVerifiedBlocks();
    return new ReadableStream<Uint8Array>(
      {
        pull: async (controller) => {
          try {
            const index = this.#nextBlock;
            const blocks = first ?? (await this.#nextVerifiedBlocks());
            first = undefined;
            controller.enqueue(this.#trim(blocks, index));
            this.#nextBlock += Math.ceil(blocks.length / this.#read.shard.blockSize);
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

  /** The bytes of the blocks from `index` on that lie inside the requested range. */
  #trim(blocks: Uint8Array, index: number): Uint8Array {
    const start = index * this.#read.shard.blockSize;
    const from = Math.max(this.#read.range.offset - start, 0);
    const to = Math.min(this.#read.range.offset + this.#read.range.length - start, blocks.length);
    return from === 0 && to === blocks.length ? blocks : blocks.subarray(from, to);
  }

  /**
   * Verified blocks from `#nextBlock` on (one or more), from the current copy or, failing that, the
   * next ones.
   */
  async #nextVerifiedBlocks(): Promise<Uint8Array> {
    for (;;) {
      if (this.#source === undefined) {
        const { source, block } = await this.#openHedged();
        this.#source = source;
        this.#blocks = new VerifiedBlocks(source, this.#read.shard, this.#nextBlock + 1, this.#lastBlock, this.#services.hashing);
        return block;
      }
      const source = this.#source;
      const next = await this.#blocks!.next();
      if (next.kind === 'blocks') return next.bytes;
      // The stream closes after the last block, so it never asks past it.
      if (next.kind === 'end') throw new StorageError('INTERNAL', `block ${this.#nextBlock} was asked for after the last one`);
      // Whatever was read ahead from this copy is dropped; the next copy resumes at #nextBlock.
      source.close();
      this.#source = undefined;
      this.#blocks = undefined;
      this.#fail(source.backend, next.error);
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
      const { body, localFile } = await backend
        .get(this.#read.shard.key, { range: { offset, length: end - offset }, signal: abort.signal })
        .catch((error: unknown) => {
          // The range lies within the recorded size, so a backend refusing it holds a short copy.
          throw isStorageError(error, 'INVALID_INPUT')
            ? new StorageError('INTEGRITY', `${backend.id} holds a copy shorter than recorded`, { cause: error })
            : error;
        });
      const source = new BlockSource(backend, body, this.#services.timing.readStallMs, localFile);
      try {
        throwIfAborted(abort.signal);
        const block = await source.read(this.#blockLength(index));
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
      throw new StorageError('INTEGRITY', `block ${index} on ${backend.id} does not match its hash`);
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

import { type ObjectBackend } from '../backend.js';
import { type BackendFailure, StorageError, isStorageError } from '../errors.js';
import { BackendHealth } from '../health.js';
import { type ObjectLocks, InProcessObjectLocks } from '../object-locks.js';
import { type ByteRange, type ObjectId, assertObjectId, assertObjectSize, assertRangeWithin } from '../object-id.js';
import { type Placement, type PlacementStore, type ShardDescriptor } from '../placement.js';
import { type RepairQueue } from '../repair.js';
import { BlockHashWorkers } from './block-hash-workers.js';
import { type BlockHashing } from './block-hashing.js';
import { chooseTargets } from './choose-targets.js';
import { type ReadTiming, readReplicas } from './read-replicas.js';
import { type ReplicaWriteResult, writeReplicas } from './write-replicas.js';

/** How many copies each object gets, and how many must be durable before a write succeeds. */
export interface ReplicationPolicy {
  /** Copies to place, each in a different jurisdiction. */
  readonly copies: number;
  /** Durable copies without which a write fails (and leaves nothing behind). */
  readonly writeQuorum: number;
}

/** Timeouts of reads and writes; every field has a default (`DEFAULT_TIMING`). */
export interface StoreTiming extends ReadTiming {
  /** A backend that takes no data for this long during a write is abandoned (and repaired later). */
  readonly writeStallMs: number;
  /** A backend not durable this long after the body ended is abandoned likewise. */
  readonly commitTimeoutMs: number;
}

export const DEFAULT_TIMING: StoreTiming = {
  hedgeInitialMs: 300,
  hedgeFactor: 3,
  hedgeMinMs: 30,
  hedgeMaxMs: 2_000,
  readStallMs: 10_000,
  writeStallMs: 30_000,
  commitTimeoutMs: 60_000,
};

/** Size of the blocks that reads verify one by one; a range read fetches at most two extra blocks. */
export const DEFAULT_BLOCK_SIZE = 256 * 1024;

export interface ReplicatedStoreOptions {
  readonly backends: readonly ObjectBackend[];
  readonly policy: ReplicationPolicy;
  readonly placements: PlacementStore;
  readonly repairs: RepairQueue;
  /** Default: locks within this process, enough for a single API instance. */
  readonly locks?: ObjectLocks;
  /** Default: a fresh tracker. Pass one to share it or to look at it. */
  readonly health?: BackendHealth;
  readonly blockSize?: number;
  readonly timing?: Partial<StoreTiming>;
  /**
   * Hashes the blocks of verified reads. Default: worker threads of the store's own
   * (`BlockHashWorkers`, `hashThreads` of them), stopped by `close()`. One passed in is the
   * caller's to close.
   */
  readonly hashing?: BlockHashing;
  /** Worker threads of the default `hashing`; default `defaultHashThreads()`. */
  readonly hashThreads?: number;
  /**
   * Whether the default `hashing` workers also read local copies themselves
   * (`BlockHashing.readAndHashBlocks`) instead of hashing what this thread read. Default false: on
   * the two-core machines measured it was slower and held ~35 MiB more at peak (docs/benchmarks.md,
   * "Replicated storage").
   */
  readonly workerFileReads?: boolean;
}

/** What a successful `put` did. */
export interface WriteReceipt {
  readonly placement: Placement;
  /** The object was already stored: its body was not read. */
  readonly alreadyStored: boolean;
  /** Copies that failed this time; a `complete-placement` repair has been reported for them. */
  readonly failures: readonly BackendFailure[];
}

/** An object being read: its placement, the bytes asked for, and a stream of them, all verified. */
export interface StoredObjectRead {
  readonly placement: Placement;
  readonly range: ByteRange;
  readonly body: ReadableStream<Uint8Array>;
}

/**
 * Content-addressed objects replicated over backends in distinct jurisdictions, so that no single
 * seizure, outage or shutdown loses or corrupts one.
 *
 * - `put` streams the body to `copies` backends at once, each in its own jurisdiction, and
 *   succeeds once `writeQuorum` of them hold it durably; below that it fails and deletes what it
 *   wrote, so nothing is referenced. Missing copies are reported to the repair queue.
 * - `get` serves any byte range from the healthiest copy, checking every block against its hash
 *   and failing over (down, slow, damaged) without the caller noticing; bad copies are reported.
 * - Writes and deletes of one object are serialised through `ObjectLocks`.
 * - `close()` stops the worker threads that hash blocks for reads.
 *
 * Erasure coding will be a second layout of the same placements (README.md, "Erasure coding").
 */
export class ReplicatedStore {
  readonly health: BackendHealth;
  /** What hashes read blocks; maintenance shares it (`ReplicaMaintenanceOptions.hashing`). */
  readonly hashing: BlockHashing;
  readonly #ownHashing: BlockHashWorkers | undefined;
  readonly #backends: ReadonlyMap<string, ObjectBackend>;
  readonly #policy: ReplicationPolicy;
  readonly #placements: PlacementStore;
  readonly #repairs: RepairQueue;
  readonly #locks: ObjectLocks;
  readonly #blockSize: number;
  readonly #timing: StoreTiming;

  /** @throws {StorageError} INVALID_INPUT if the backends cannot satisfy the policy. */
  constructor(options: ReplicatedStoreOptions) {
    assertUsablePolicy(options.backends, options.policy);
    const blockSize = options.blockSize ?? DEFAULT_BLOCK_SIZE;
    if (!Number.isSafeInteger(blockSize) || blockSize < 1) throw new StorageError('INVALID_INPUT', 'the block size is a positive integer');
    this.#backends = new Map(options.backends.map((backend) => [backend.id, backend]));
    this.#policy = options.policy;
    this.#placements = options.placements;
    this.#repairs = options.repairs;
    this.#locks = options.locks ?? new InProcessObjectLocks();
    this.health = options.health ?? new BackendHealth();
    this.#blockSize = blockSize;
    this.#timing = { ...DEFAULT_TIMING, ...options.timing };
    const own = options.hashing === undefined ? new BlockHashWorkers({ threads: options.hashThreads }) : undefined;
    this.#ownHashing = own;
    this.hashing = options.hashing ?? (options.workerFileReads === true ? own! : { hashBlocks: (bytes, blockSize) => own!.hashBlocks(bytes, blockSize) });
  }

  /**
   * Stops the store's hashing workers; reads still streaming fail with ABORTED. Their threads do
   * not keep the process alive while idle, but a server shutting down should say it is done.
   */
  async close(): Promise<void> {
    await this.#ownHashing?.close();
  }

  /**
   * Stores `body`, whose bytes must hash (SHA-256) to `objectId` and number `size`.
   *
   * @throws {StorageError} QUORUM_NOT_REACHED (with per-backend `failures`) when fewer than
   *   `writeQuorum` copies became durable; INTEGRITY when the body does not match `objectId` or
   *   `size`; ABORTED when the body failed; INVALID_INPUT. In every case nothing is referenced
   *   and the copies written are deleted (or reported for removal).
   */
  async put(objectId: ObjectId, body: ReadableStream<Uint8Array>, size: number): Promise<WriteReceipt> {
    try {
      assertObjectId(objectId);
      assertObjectSize(size);
    } catch (error) {
      await body.cancel(error).catch(() => undefined);
      throw error;
    }
    return this.#locks.withLock(objectId, async () => {
      const existing = await this.#placements.get(objectId);
      if (existing !== undefined) {
        // Same id, same bytes: nothing to write. Missing copies, if any, are repair's business.
        await body.cancel().catch(() => undefined);
        return { placement: existing, alreadyStored: true, failures: [] };
      }
      return this.#writeNew(objectId, body, size);
    });
  }

  /**
   * Reads the object, or `options.range` of it, verified block by block.
   *
   * @throws {StorageError} NOT_FOUND when no placement references it; INVALID_INPUT for a range
   *   outside it; UNAVAILABLE when no copy can serve it.
   */
  async get(objectId: ObjectId, options: { readonly range?: ByteRange } = {}): Promise<StoredObjectRead> {
    const placement = await this.stat(objectId);
    if (options.range !== undefined) assertRangeWithin(options.range, placement.size);
    const range = options.range ?? { offset: 0, length: placement.size };
    if (range.length === 0) return { placement, range, body: new ReadableStream({ start: (controller) => controller.close() }) };
    const shard = wholeObjectShard(placement);
    const copies = placement.locations
      .filter((location) => location.shard === shard.index)
      .flatMap((location) => this.#backends.get(location.backendId) ?? []);
    const body = await readReplicas(
      { objectId, shard, copies, range },
      { health: this.health, repairs: this.#repairs, timing: this.#timing, hashing: this.hashing },
    );
    return { placement, range, body };
  }

  /**
   * The object's placement: size, layout, where its copies are.
   *
   * @throws {StorageError} NOT_FOUND; INVALID_INPUT for a malformed id.
   */
  async stat(objectId: ObjectId): Promise<Placement> {
    assertObjectId(objectId);
    const placement = await this.#placements.get(objectId);
    if (placement === undefined) throw new StorageError('NOT_FOUND', `no object ${objectId}`);
    return placement;
  }

  /**
   * Forgets the object, then deletes its copies; copies that cannot be deleted now are reported as
   * orphans. Deleting an absent object succeeds.
   *
   * `options.onlyIf` is asked under the object's lock, before anything changes: when it answers
   * false the object stays. A caller that keeps its own references to objects (the drive) checks
   * there that none appeared meanwhile; whoever adds a reference does so under the same lock, so
   * the check and the deletion cannot interleave with it.
   *
   * @returns true when this call deleted the object, false when it was absent or kept.
   * @throws {StorageError} INVALID_INPUT for a malformed id; whatever `onlyIf` throws (then
   *   nothing is deleted).
   */
  async delete(objectId: ObjectId, options: { readonly onlyIf?: () => Promise<boolean> } = {}): Promise<boolean> {
    assertObjectId(objectId);
    return this.#locks.withLock(objectId, async () => {
      const placement = await this.#placements.get(objectId);
      if (placement === undefined) return false;
      if (options.onlyIf !== undefined && !(await options.onlyIf())) return false;
      // Unreference first: a crash in between leaves orphans (collected later), never a
      // placement pointing at deleted copies.
      await this.#placements.remove(objectId);
      await Promise.all(
        placement.locations.map((location) => {
          const backend = this.#backends.get(location.backendId);
          if (backend === undefined) {
            this.#repairs.report({ kind: 'remove-orphan', backendId: location.backendId, key: objectId });
            return undefined;
          }
          return this.#removeCopy(objectId, backend);
        }),
      );
      return true;
    });
  }

  async #writeNew(objectId: ObjectId, body: ReadableStream<Uint8Array>, size: number): Promise<WriteReceipt> {
    const { copies, writeQuorum } = this.#policy;
    const targets = chooseTargets([...this.#backends.values()], copies, writeQuorum, this.health);
    const result = await writeReplicas(
      objectId,
      body,
      size,
      targets,
      { blockSize: this.#blockSize, writeQuorum, writeStallMs: this.#timing.writeStallMs, commitTimeoutMs: this.#timing.commitTimeoutMs },
      this.health,
    );
    if (result.written.length < writeQuorum) {
      await this.#removeUnreferenced(objectId, targets, result.written);
      throw writeFailure(result, writeQuorum);
    }
    const placement: Placement = {
      objectId,
      size,
      layout: { kind: 'replicated', copies },
      shards: [{ index: 0, key: objectId, size, blockSize: this.#blockSize, blockHashes: result.blockHashes }],
      locations: result.written.map((backend) => ({ shard: 0, backendId: backend.id, jurisdiction: backend.jurisdiction })),
      createdAt: new Date(),
    };
    try {
      await this.#placements.save(placement);
    } catch (error) {
      await this.#removeUnreferenced(objectId, targets, result.written);
      throw error;
    }
    const missing = copies - result.written.length;
    if (missing > 0) this.#repairs.report({ kind: 'complete-placement', objectId, missing });
    return { placement, alreadyStored: false, failures: result.failures };
  }

  /**
   * Deletes the copies of a write that will not be referenced. Failed targets are included: a put
   * can fail after its backend committed (a lost acknowledgement). Only a copy known to exist is
   * reported when it cannot be deleted now; a stray one on a backend that failed is found by the
   * garbage-collecting scrub, which compares backends' listings with the placements.
   */
  async #removeUnreferenced(objectId: ObjectId, targets: readonly ObjectBackend[], written: readonly ObjectBackend[]): Promise<void> {
    await Promise.all(
      targets.map((backend) =>
        written.includes(backend) ? this.#removeCopy(objectId, backend) : backend.delete(objectId).catch(() => undefined),
      ),
    );
  }

  /** Deletes an unreferenced copy, or reports it for later removal if the backend cannot now. */
  async #removeCopy(objectId: ObjectId, backend: ObjectBackend): Promise<void> {
    try {
      await backend.delete(objectId);
    } catch {
      this.#repairs.report({ kind: 'remove-orphan', backendId: backend.id, key: objectId });
    }
  }
}

/**
 * The shard a reader of a replicated object needs: the whole object. An erasure-coded layout
 * would instead pick k shards here and decode them.
 */
function wholeObjectShard(placement: Placement): ShardDescriptor {
  switch (placement.layout.kind) {
    case 'replicated':
      return placement.shards[0]!;
  }
}

/** The error a write below quorum throws: the body's fault if it was, else the backends'. */
function writeFailure(result: ReplicaWriteResult, writeQuorum: number): StorageError {
  const { failures, bodyError, written } = result;
  if (isStorageError(bodyError, 'INTEGRITY')) {
    return new StorageError('INTEGRITY', `the body does not match its object id or size: ${bodyError.message}`, { failures });
  }
  if (bodyError !== undefined) {
    return new StorageError('ABORTED', 'the body failed before its end', { cause: bodyError, failures });
  }
  return new StorageError('QUORUM_NOT_REACHED', `${written.length} durable copies, ${writeQuorum} required`, { failures });
}

/** @throws {StorageError} INVALID_INPUT */
function assertUsablePolicy(backends: readonly ObjectBackend[], policy: ReplicationPolicy): void {
  const { copies, writeQuorum } = policy;
  if (!Number.isSafeInteger(writeQuorum) || !Number.isSafeInteger(copies) || writeQuorum < 1 || writeQuorum > copies) {
    throw new StorageError('INVALID_INPUT', 'the policy needs integers 1 <= writeQuorum <= copies');
  }
  if (new Set(backends.map((backend) => backend.id)).size !== backends.length) {
    throw new StorageError('INVALID_INPUT', 'backend ids must be unique');
  }
  const jurisdictions = new Set(backends.map((backend) => backend.jurisdiction)).size;
  if (jurisdictions < copies) {
    throw new StorageError('INVALID_INPUT', `${copies} copies need ${copies} jurisdictions; the backends span ${jurisdictions}`);
  }
}

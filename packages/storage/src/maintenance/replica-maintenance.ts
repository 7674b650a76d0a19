import { type ObjectBackend } from '../backend.js';
import { StorageError, isStorageError } from '../errors.js';
import { BackendHealth } from '../health.js';
import { type ObjectId } from '../object-id.js';
import { type ObjectLocks } from '../object-locks.js';
import { type Placement, type ShardDescriptor, type ShardLocation } from '../placement.js';
import { type PlacementRecords } from '../placement-records.js';
import { type RepairNeed, type RepairQueue } from '../repair.js';
import { type BlockHashing, inlineBlockHashing } from '../replicated/block-hashing.js';
import { InMemoryScrubCursors, type ScrubCursors } from '../scrub-cursors.js';
import { DEFAULT_TIMING, type StoreTiming } from '../replicated/replicated-store.js';
import { checkCopy } from './check-copy.js';
import { copyShard } from './copy-shard.js';
import { type MaintenanceContext, type RepairOutcome } from './maintenance-context.js';
import { placeCopies } from './place-copies.js';
import { type ScrubOptions, type ScrubReport, runScrub } from './scrub.js';

export interface ReplicaMaintenanceOptions {
  /** The backends the store writes to: the same objects, so that both share one view. */
  readonly backends: readonly ObjectBackend[];
  readonly placements: PlacementRecords;
  /** Where needs found while working (a bad copy met on the way) are reported. */
  readonly repairs: RepairQueue;
  /** The store's locks: maintenance of an object waits for its writes and deletes, and they for it. */
  readonly locks: ObjectLocks;
  /** Default: a fresh tracker. Pass the store's, so that both avoid the same failing backends. */
  readonly health?: BackendHealth;
  readonly timing?: Partial<StoreTiming>;
  /**
   * Hashes the blocks of copies it checks and copies. Pass the store's (`ReplicatedStore.hashing`)
   * to do it on the store's worker threads; default: on the calling thread.
   */
  readonly hashing?: BlockHashing;
  /**
   * Where the scrub's listing of each backend resumes. Default: in memory, so a restart lists
   * every backend from the start again; the API keeps them in Postgres.
   */
  readonly cursors?: ScrubCursors;
  /** An unreferenced copy younger than this is never collected: it may be a write in progress. */
  readonly orphanGraceMs: number;
  /** Clock, for tests. */
  readonly now?: () => Date;
}

type ReplaceCopy = Extract<RepairNeed, { kind: 'replace-copy' }>;

/**
 * Brings stored objects back to their layout: rewrites damaged copies, places missing ones,
 * moves copies off backends that are gone, collects copies nothing references, and scrubs.
 *
 * Every action on an object runs under its lock and starts by reading the placement again, so
 * that it acts on the present state, whatever the need said: acting twice, or on a need that has
 * gone stale, changes nothing. Nothing here creates a placement: an object that was deleted stays
 * deleted, whatever copies of it are still lying around.
 *
 * Retryable failures (a backend or every source out of reach) throw StorageError UNAVAILABLE;
 * a job runner retries them later.
 */
export class ReplicaMaintenance {
  readonly #context: MaintenanceContext;

  constructor(options: ReplicaMaintenanceOptions) {
    this.#context = {
      backends: new Map(options.backends.map((backend) => [backend.id, backend])),
      placements: options.placements,
      repairs: options.repairs,
      locks: options.locks,
      health: options.health ?? new BackendHealth(),
      timing: { ...DEFAULT_TIMING, ...options.timing },
      hashing: options.hashing ?? inlineBlockHashing,
      cursors: options.cursors ?? new InMemoryScrubCursors(),
      orphanGraceMs: options.orphanGraceMs,
      now: options.now ?? (() => new Date()),
    };
  }

  /**
   * Acts on one reported need.
   *
   * @throws {StorageError} UNAVAILABLE when it cannot be done now but may be later.
   */
  repair(need: RepairNeed): Promise<RepairOutcome> {
    switch (need.kind) {
      case 'replace-copy':
        return this.replaceCopy(need);
      case 'complete-placement':
        return this.completePlacement(need.objectId);
      case 'remove-orphan':
        return this.removeOrphan(need.backendId, need.key);
    }
  }

  /**
   * Checks a recorded copy and, if it is damaged, rewrites it from an intact one. A copy whose
   * backend is unreachable is moved elsewhere only when the need says so (`unreachable`: the scrub
   * has waited long enough, or the backend left the configuration); otherwise this throws, to be
   * retried when the backend may be back.
   *
   * @throws {StorageError} UNAVAILABLE
   */
  replaceCopy(need: ReplaceCopy): Promise<RepairOutcome> {
    const { placements } = this.#context;
    return this.#context.locks.withLock(need.objectId, async () => {
      const placement = await placements.get(need.objectId);
      const location = placement?.locations.find((entry) => entry.shard === need.shard && entry.backendId === need.backendId);
      if (placement === undefined || location === undefined) return nothingToDo(`no copy of ${need.objectId} is recorded on ${need.backendId}`);
      const shard = shardOf(placement, need.shard);
      const copy = { objectId: placement.objectId, shard: shard.index, backendId: location.backendId };
      const backend = this.#context.backends.get(location.backendId);
      if (backend === undefined) return this.#relocate(placement, shard, location, `${location.backendId} is no longer configured`);

      const check = await checkCopy(shard, backend, { stallMs: this.#context.timing.readStallMs, hashing: this.#context.hashing });
      if (check.outcome === 'intact') {
        await placements.recordCheck(copy, 'ok', this.#context.now());
        return nothingToDo(`the copy on ${backend.id} is intact`);
      }
      if (check.outcome === 'damaged') {
        await placements.recordCheck(copy, 'damaged', this.#context.now());
        const sources = otherSources(this.#context, placement, shard, backend.id);
        const result = await copyShard({ objectId: placement.objectId, shard, sources, targets: [backend] }, this.#context);
        if (result.written.length === 1) {
          await placements.recordCheck(copy, 'ok', this.#context.now());
          return { status: 'repaired', detail: `rewrote the ${check.reason} copy on ${backend.id} (${check.detail})` };
        }
        const [failure] = result.failures;
        if (failure !== undefined && !['UNAVAILABLE', 'ABORTED'].includes(failure.code)) {
          throw new StorageError(failure.code, `rewriting the copy on ${backend.id} failed: ${failure.message}`, { failures: result.failures });
        }
      }
      this.#context.health.recordFailure(backend.id);
      await placements.recordCheck(copy, 'unreachable', this.#context.now());
      if (need.reason !== 'unreachable') throw new StorageError('UNAVAILABLE', `${backend.id} is unreachable; its copy of ${need.objectId} will be checked again`);
      return this.#relocate(placement, shard, location, `${backend.id} has been unreachable too long`);
    });
  }

  /**
   * Places the copies an object lacks (its layout's count minus those recorded), each in a
   * jurisdiction it does not use yet. When every configured jurisdiction is already used, the
   * object stays under-replicated, and the outcome says so.
   *
   * @throws {StorageError} UNAVAILABLE when backends of free jurisdictions exist but failed now
   *   (what they took is recorded first).
   */
  completePlacement(objectId: ObjectId): Promise<RepairOutcome> {
    return this.#context.locks.withLock(objectId, async () => {
      const placement = await this.#context.placements.get(objectId);
      if (placement === undefined) return nothingToDo(`${objectId} is not stored`);
      const wanted = placement.layout.copies;
      const missing = wanted - placement.locations.length;
      if (missing <= 0) return nothingToDo(`${objectId} has its ${wanted} copies`);
      const shard = shardOf(placement, 0);
      const placed = await placeCopies(this.#context, { placement, shard, keep: placement.locations, count: missing });
      if (placed.added.length > 0) await this.#context.placements.save({ ...placement, locations: [...placement.locations, ...placed.added] });
      const copies = placement.locations.length + placed.added.length;
      const where = placed.added.map((location) => location.backendId).join(', ');
      if (copies === wanted) return { status: 'repaired', detail: `placed ${placed.added.length} missing copies of ${objectId} on ${where}` };
      if (placed.failures.length > 0) {
        throw new StorageError('UNAVAILABLE', `${objectId} has ${copies} of ${wanted} copies; backends of free jurisdictions failed`, {
          failures: placed.failures,
        });
      }
      return underReplicated(objectId, copies, wanted, [...placement.locations, ...placed.added]);
    });
  }

  /**
   * Deletes a copy that no placement references, once it is older than the grace period. Checked
   * again under the object's lock, so a copy that a write or repair has meanwhile recorded stays.
   *
   * @throws {StorageError} UNAVAILABLE when the backend cannot be asked now.
   */
  async removeOrphan(backendId: string, key: ObjectId): Promise<RepairOutcome> {
    const backend = this.#context.backends.get(backendId);
    if (backend === undefined) return nothingToDo(`${backendId} is not configured`);
    return this.#context.locks.withLock(key, async () => {
      const placement = await this.#context.placements.get(key);
      if (placement?.locations.some((location) => location.backendId === backendId)) return nothingToDo(`the copy of ${key} on ${backendId} is referenced`);
      let modifiedAt: Date;
      try {
        ({ modifiedAt } = await backend.head(key));
      } catch (error) {
        if (isStorageError(error, 'NOT_FOUND')) return nothingToDo(`${backendId} no longer holds ${key}`);
        throw error;
      }
      const age = this.#context.now().getTime() - modifiedAt.getTime();
      if (age < this.#context.orphanGraceMs) {
        return { status: 'deferred', detail: `the unreferenced copy of ${key} on ${backendId} is younger than the grace period` };
      }
      await backend.delete(key);
      return { status: 'repaired', detail: `removed the unreferenced copy of ${key} from ${backendId}` };
    });
  }

  /**
   * One scrub run: checks the copies verified longest ago, reports what is wrong with them, and
   * collects unreferenced copies from the next slice of each backend's listing. Safe to run
   * alongside another run, and alongside repairs.
   *
   * @throws {StorageError} ABORTED when `options.signal` fires (progress so far is recorded).
   */
  scrub(options: ScrubOptions): Promise<ScrubReport> {
    return runScrub(this.#context, (backendId, key) => this.removeOrphan(backendId, key), options);
  }

  /** Moves `location`'s copy to another backend, in its jurisdiction if possible, else in a free one. */
  async #relocate(placement: Placement, shard: ShardDescriptor, location: ShardLocation, why: string): Promise<RepairOutcome> {
    const keep = placement.locations.filter((entry) => entry !== location);
    const placed = await placeCopies(this.#context, { placement, shard, keep, count: 1, preferJurisdiction: location.jurisdiction });
    const [moved] = placed.added;
    if (moved !== undefined) {
      // The old copy is now unreferenced: garbage collection deletes it if its backend comes back.
      await this.#context.placements.save({ ...placement, locations: [...keep, moved] });
      return { status: 'repaired', detail: `moved the copy of ${placement.objectId} from ${location.backendId} to ${moved.backendId}: ${why}` };
    }
    if (placed.failures.length > 0) {
      throw new StorageError('UNAVAILABLE', `could not move the copy of ${placement.objectId} off ${location.backendId} (${why})`, {
        failures: placed.failures,
      });
    }
    return underReplicated(placement.objectId, keep.length, placement.layout.copies, keep, why);
  }
}

function nothingToDo(detail: string): RepairOutcome {
  return { status: 'nothing-to-do', detail };
}

function underReplicated(objectId: ObjectId, copies: number, wanted: number, kept: readonly ShardLocation[], why?: string): RepairOutcome {
  const used = kept.map((location) => location.jurisdiction).join(', ') || 'none';
  return {
    status: 'under-replicated',
    copies,
    wanted,
    detail:
      `${objectId} is under-replicated: ${copies} of ${wanted} copies` +
      `${why === undefined ? '' : ` (${why})`}; no backend is configured in a jurisdiction it does not use yet (used: ${used})`,
  };
}

function shardOf(placement: Placement, index: number): ShardDescriptor {
  const shard = placement.shards.find((candidate) => candidate.index === index);
  if (shard === undefined) throw new StorageError('INVALID_INPUT', `${placement.objectId} has no shard ${index}`);
  return shard;
}

/** The configured backends holding the shard, except `except`. */
function otherSources(context: MaintenanceContext, placement: Placement, shard: ShardDescriptor, except: string): ObjectBackend[] {
  return placement.locations
    .filter((location) => location.shard === shard.index && location.backendId !== except)
    .flatMap((location) => context.backends.get(location.backendId) ?? []);
}

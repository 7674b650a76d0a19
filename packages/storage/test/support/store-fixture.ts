// A replicated store over filesystem backends in temp directories, each behind a FaultyBackend.
import path from 'node:path';
import { isStorageError } from '../../src/errors.js';
import { FileSystemBackend } from '../../src/fs/fs-backend.js';
import { BackendHealth } from '../../src/health.js';
import { ReplicaMaintenance, type ReplicaMaintenanceOptions } from '../../src/maintenance/replica-maintenance.js';
import { InProcessObjectLocks } from '../../src/object-locks.js';
import { type ObjectId } from '../../src/object-id.js';
import { InMemoryPlacementStore } from '../../src/placement.js';
import { type BlockHashing } from '../../src/replicated/block-hashing.js';
import { type ReplicationPolicy, ReplicatedStore, type StoreTiming } from '../../src/replicated/replicated-store.js';
import { FaultyBackend } from './faulty-backend.js';
import { RecordingRepairQueue } from './recording-repair-queue.js';
import { makeTempDirectory, removeDirectory, temporaryFiles } from './temp-dirs.js';

/** Small blocks, so that objects of a few hundred KiB span many of them. */
export const TEST_BLOCK_SIZE = 16 * 1024;

export interface StoreFixtureOptions {
  /** Backend id to jurisdiction; default three backends in three jurisdictions. */
  readonly backends?: Readonly<Record<string, string>>;
  readonly policy?: ReplicationPolicy;
  readonly timing?: Partial<StoreTiming>;
  /** Reads hash here instead of on the store's own worker threads. */
  readonly hashing?: BlockHashing;
  /** The store's own hashing workers also read local copies (`workerFileReads`). */
  readonly workerFileReads?: boolean;
}

export interface StoreFixture {
  readonly store: ReplicatedStore;
  readonly backends: ReadonlyMap<string, FaultyBackend>;
  readonly placements: InMemoryPlacementStore;
  readonly repairs: RecordingRepairQueue;
  readonly health: BackendHealth;
  /** Repair and scrub over the same backends, records, locks, health and hashing as the store. */
  maintenance(options?: Partial<Pick<ReplicaMaintenanceOptions, 'orphanGraceMs' | 'now' | 'hashing' | 'cursors'>>): ReplicaMaintenance;
  /** Root directory of a backend. */
  rootOf(backendId: string): string;
  /** The backend whose id is given (throws for an unknown one, to keep tests honest). */
  backend(backendId: string): FaultyBackend;
  /** Ids of the backends that hold `objectId`, asked directly (past any injected fault). */
  holders(objectId: ObjectId): Promise<string[]>;
  /** Every temporary file on every backend: must be none once writes have settled. */
  temporaryFiles(): Promise<string[]>;
  dispose(): Promise<void>;
}

const DEFAULT_BACKENDS = { 'fs-a': 'dev-a', 'fs-b': 'dev-b', 'fs-c': 'dev-c' };

export async function createStoreFixture(options: StoreFixtureOptions = {}): Promise<StoreFixture> {
  const root = await makeTempDirectory('store');
  const rootOf = (backendId: string): string => path.join(root, backendId);
  const backends = new Map(
    Object.entries(options.backends ?? DEFAULT_BACKENDS).map(([id, jurisdiction]) => [
      id,
      new FaultyBackend(new FileSystemBackend({ id, jurisdiction, root: rootOf(id), readChunkSize: 4 * TEST_BLOCK_SIZE })),
    ]),
  );
  const placements = new InMemoryPlacementStore();
  const repairs = new RecordingRepairQueue();
  const health = new BackendHealth();
  const locks = new InProcessObjectLocks();
  const timing = { writeStallMs: 300, commitTimeoutMs: 2_000, readStallMs: 300, hedgeInitialMs: 100, ...options.timing };
  const store = new ReplicatedStore({
    backends: [...backends.values()],
    policy: options.policy ?? { copies: 3, writeQuorum: 2 },
    placements,
    repairs,
    locks,
    health,
    blockSize: TEST_BLOCK_SIZE,
    timing,
    ...(options.hashing === undefined ? {} : { hashing: options.hashing }),
    ...(options.workerFileReads === undefined ? {} : { workerFileReads: options.workerFileReads }),
  });
  return {
    store,
    backends,
    placements,
    repairs,
    health,
    maintenance: (overrides = {}) =>
      new ReplicaMaintenance({
        backends: [...backends.values()],
        placements,
        repairs,
        locks,
        health,
        timing,
        hashing: store.hashing,
        orphanGraceMs: 0,
        ...overrides,
      }),
    rootOf,
    backend(backendId) {
      const backend = backends.get(backendId);
      if (backend === undefined) throw new Error(`no backend ${backendId}`);
      return backend;
    },
    async holders(objectId) {
      const held = await Promise.all(
        [...backends.values()].map(async (backend) => {
          try {
            await backend.inner.head(objectId);
            return backend.id;
          } catch (error) {
            if (isStorageError(error, 'NOT_FOUND')) return undefined;
            throw error;
          }
        }),
      );
      return held.filter((id) => id !== undefined);
    },
    async temporaryFiles() {
      const perBackend = await Promise.all([...backends.keys()].map((id) => temporaryFiles(rootOf(id))));
      return perBackend.flat();
    },
    async dispose() {
      await store.close();
      await removeDirectory(root);
    },
  };
}

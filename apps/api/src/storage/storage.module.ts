import { Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { type ApiConfig } from '@coffre/config/api';
import { ReplicaMaintenance } from '@coffre/storage/maintenance';
import { InProcessObjectLocks, type ObjectLocks } from '@coffre/storage/object-locks';
import { type OpenedStorage, openStorage } from '@coffre/storage/open-storage';
import { API_CONFIG } from '../config/api-config.module.js';
import { PostgresObjectLocks } from './postgres-object-locks.js';
import { PrismaPlacementStore } from './prisma-placement-store.js';
import { PrismaScrubCursors } from './prisma-scrub-cursors.js';
import { QueuedRepairs } from './queued-repairs.js';
import { StorageHealthService } from './storage-health.service.js';
import { StorageMaintenanceService } from './storage-maintenance.service.js';
import { StorageQueues } from './storage-queues.js';
import { StorageWorkers } from './storage-workers.js';
import { OBJECT_LOCKS, REPLICA_MAINTENANCE, STORAGE } from './storage.tokens.js';

const logger = new Logger('Storage');

/**
 * Locks across every API instance on a Postgres server. The embedded PGlite belongs to a single
 * process, and its one session would make advisory locks re-entrant for everyone: locks in memory.
 */
function objectLocksFor(config: ApiConfig): ObjectLocks {
  return config.database.kind === 'postgres' ? new PostgresObjectLocks(config.database.url) : new InProcessObjectLocks();
}

async function openConfiguredStorage(config: ApiConfig, placements: PrismaPlacementStore, locks: ObjectLocks, repairs: QueuedRepairs): Promise<OpenedStorage> {
  const storage = await openStorage(config.storage.config, { placements, repairs, locks });
  const backends = storage.backends.map((backend) => `${backend.id} (${backend.jurisdiction})`).join(', ');
  const { copies, writeQuorum } = config.storage.config.replication;
  logger.log(`storage: ${copies} copies, durable on ${writeQuorum} before a write returns, over ${backends}`);
  return storage;
}

function maintenanceFor(
  config: ApiConfig,
  storage: OpenedStorage,
  placements: PrismaPlacementStore,
  locks: ObjectLocks,
  repairs: QueuedRepairs,
  cursors: PrismaScrubCursors,
): ReplicaMaintenance {
  return new ReplicaMaintenance({
    backends: storage.backends,
    placements,
    repairs,
    locks,
    health: storage.store.health,
    // Scrub and repair hash on the store's worker threads, not on the thread serving requests.
    hashing: storage.store.hashing,
    cursors,
    orphanGraceMs: config.storage.orphanGraceSeconds * 1000,
  });
}

/**
 * The replicated object store, built from the configuration: backends, placement records in the
 * database, locks shared by every instance, repair and scrub jobs on BullMQ. No routes: the
 * drive streams uploads and downloads through `STORAGE`, and takes `OBJECT_LOCKS` to refer to an
 * object only while the purge cannot remove it.
 */
@Module({
  providers: [
    PrismaPlacementStore,
    PrismaScrubCursors,
    StorageQueues,
    QueuedRepairs,
    { provide: OBJECT_LOCKS, inject: [API_CONFIG], useFactory: objectLocksFor },
    { provide: STORAGE, inject: [API_CONFIG, PrismaPlacementStore, OBJECT_LOCKS, QueuedRepairs], useFactory: openConfiguredStorage },
    {
      provide: REPLICA_MAINTENANCE,
      inject: [API_CONFIG, STORAGE, PrismaPlacementStore, OBJECT_LOCKS, QueuedRepairs, PrismaScrubCursors],
      useFactory: maintenanceFor,
    },
    StorageMaintenanceService,
    StorageWorkers,
    StorageHealthService,
  ],
  exports: [STORAGE, OBJECT_LOCKS, StorageHealthService],
})
export class StorageModule implements OnApplicationShutdown {
  constructor(
    @Inject(STORAGE) private readonly storage: OpenedStorage,
    @Inject(OBJECT_LOCKS) private readonly locks: ObjectLocks,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.storage.close();
    if (this.locks instanceof PostgresObjectLocks) await this.locks.close();
    logger.log('storage closed');
  }
}

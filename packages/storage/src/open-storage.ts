import { type ObjectBackend } from './backend.js';
import { type BackendConfig, type StorageConfig } from './config.js';
import { FileSystemBackend } from './fs/fs-backend.js';
import { type BackendHealth } from './health.js';
import { type ObjectLocks } from './object-locks.js';
import { type PlacementStore } from './placement.js';
import { type RepairQueue } from './repair.js';
import { ReplicatedStore, type StoreTiming } from './replicated/replicated-store.js';

/** What the store needs besides its configuration: where placements live, where repairs go. */
export interface StorageServices {
  readonly placements: PlacementStore;
  readonly repairs: RepairQueue;
  readonly locks?: ObjectLocks;
  readonly health?: BackendHealth;
  readonly timing?: Partial<StoreTiming>;
  /** Worker threads hashing read blocks; default `defaultHashThreads()`. */
  readonly hashThreads?: number;
}

export interface OpenedStorage {
  readonly store: ReplicatedStore;
  readonly backends: readonly ObjectBackend[];
  /** Stops the store's hashing workers and releases the S3 clients' sockets; call at shutdown. */
  close(): Promise<void>;
}

/**
 * Builds the backends a validated configuration describes, and the replicated store over them.
 * Each S3 backend gets its own client, since each may be a different provider. The S3 code (the
 * AWS SDK, some 20 MiB resident once loaded) is imported only when an S3 backend is configured.
 *
 * @throws {StorageError} INVALID_INPUT if the backends cannot satisfy the policy (which
 *   `parseStorageConfig` has already ruled out).
 */
export async function openStorage(
  config: Pick<StorageConfig, 'replication'> & { readonly backends: readonly BackendConfig[] },
  services: StorageServices,
): Promise<OpenedStorage> {
  const clients: { destroy(): void }[] = [];
  const s3 = config.backends.some((backend) => backend.kind === 's3') ? await import('./s3/index.js') : undefined;
  const backends = config.backends.map((backend): ObjectBackend => {
    switch (backend.kind) {
      case 'fs':
        return new FileSystemBackend({ id: backend.id, jurisdiction: backend.jurisdiction, root: backend.path });
      case 's3': {
        const { S3Backend, createS3Client } = s3!;
        const client = createS3Client({
          ...(backend.endpoint === undefined ? {} : { endpoint: backend.endpoint }),
          region: backend.region,
          forcePathStyle: backend.forcePathStyle,
          accessKeyId: backend.accessKeyId,
          secretAccessKey: backend.secretAccessKey,
        });
        clients.push(client);
        return new S3Backend({ id: backend.id, jurisdiction: backend.jurisdiction, client, bucket: backend.bucket, prefix: backend.prefix });
      }
    }
  });
  const store = new ReplicatedStore({ backends, policy: config.replication, ...services });
  return {
    store,
    backends,
    close: async () => {
      clients.forEach((client) => client.destroy());
      await store.close();
    },
  };
}

// The whole API with storage backends a test controls: filesystem backends in temp directories
// and S3 buckets on a real S3 endpoint on loopback (s3rver), behind a configuration file given to
// the API exactly as an operator would (COFFRE_STORAGE_CONFIG).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type ObjectBackend } from '@coffre/storage/backend';
import { type OpenedStorage } from '@coffre/storage/open-storage';
import { createS3Client } from '@coffre/storage/s3';
import { type S3TestServer, createBucket } from '@coffre/storage/testing';
import { PrismaPlacementStore } from '../../../src/storage/prisma-placement-store.js';
import { StorageMaintenanceService } from '../../../src/storage/storage-maintenance.service.js';
import { StorageQueues } from '../../../src/storage/storage-queues.js';
import { STORAGE } from '../../../src/storage/storage.tokens.js';
import { type TestApp, startTestApp } from '../../support/start-test-app.js';

/** A backend of the test configuration: a directory, or a bucket on the shared S3 server. */
export type BackendSpec = { readonly id: string; readonly jurisdiction: string; readonly kind: 'fs' | 's3' };

export interface StorageTestApp {
  readonly api: TestApp;
  readonly storage: OpenedStorage;
  readonly placements: PrismaPlacementStore;
  readonly maintenance: StorageMaintenanceService;
  readonly queues: StorageQueues;
  backend(id: string): ObjectBackend;
  /** Root directory of a filesystem backend. */
  directoryOf(id: string): string;
  /** Makes a filesystem backend unreachable for good: its directory becomes a plain file. */
  lose(id: string): Promise<void>;
  close(): Promise<void>;
}

export async function startStorageTestApp(options: {
  readonly databaseUrl: string;
  readonly s3: S3TestServer;
  readonly backends: readonly BackendSpec[];
  readonly replication?: { copies: number; writeQuorum: number };
  readonly env?: Record<string, string>;
}): Promise<StorageTestApp> {
  const root = await mkdtemp(path.join(tmpdir(), 'coffre-storage-app-'));
  const client = createS3Client(options.s3.settings);
  const { endpoint, accessKeyId, secretAccessKey } = options.s3.settings;
  const backends = [];
  for (const spec of options.backends) {
    backends.push(
      spec.kind === 'fs'
        ? { id: spec.id, kind: 'fs', jurisdiction: spec.jurisdiction, path: path.join(root, spec.id) }
        : { id: spec.id, kind: 's3', jurisdiction: spec.jurisdiction, endpoint, bucket: await createBucket(client), forcePathStyle: true, accessKeyId, secretAccessKey },
    );
  }
  client.destroy();
  const configFile = path.join(root, 'storage.json');
  await writeFile(configFile, JSON.stringify({ backends, replication: options.replication ?? { copies: 3, writeQuorum: 2 } }));
  const api = await startTestApp({
    DATABASE_URL: options.databaseUrl,
    COFFRE_STORAGE_CONFIG: configFile,
    // Scrubs run when a test says so, not on a timer.
    COFFRE_STORAGE_SCRUB_INTERVAL_SECONDS: '604800',
    COFFRE_STORAGE_VERIFY_EVERY_SECONDS: '0',
    COFFRE_STORAGE_RELOCATE_AFTER_SECONDS: '0',
    ...options.env,
  });
  const storage = api.app.get<OpenedStorage>(STORAGE);
  const directoryOf = (id: string): string => path.join(root, id);
  return {
    api,
    storage,
    placements: api.app.get(PrismaPlacementStore),
    maintenance: api.app.get(StorageMaintenanceService),
    queues: api.app.get(StorageQueues),
    backend(id) {
      const backend = storage.backends.find((candidate) => candidate.id === id);
      if (backend === undefined) throw new Error(`no backend ${id}`);
      return backend;
    },
    directoryOf,
    async lose(id) {
      await rm(directoryOf(id), { recursive: true, force: true });
      await mkdir(path.dirname(directoryOf(id)), { recursive: true });
      await writeFile(directoryOf(id), 'seized');
    },
    async close() {
      await api.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** Retries `check` until it passes or `timeoutMs` runs out (then fails with its last error). */
export async function eventually(check: () => Promise<void>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

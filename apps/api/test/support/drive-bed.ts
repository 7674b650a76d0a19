// One deployment of the drive for storage-level tests: a Postgres database, the local Redis under
// one key prefix, and storage backends (directories and buckets on a real S3 endpoint) described
// in one configuration file; any number of API instances started on it, as behind a load
// balancer.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type TestDatabase, createTestDatabase } from '@coffre/db/testing';
import { type ObjectBackend } from '@coffre/storage/backend';
import { objectPath } from '@coffre/storage/fs';
import { type OpenedStorage } from '@coffre/storage/open-storage';
import { createS3Client } from '@coffre/storage/s3';
import { type S3TestServer, createBucket, startS3Server } from '@coffre/storage/testing';
import { STORAGE } from '../../src/storage/storage.tokens.js';
import { type TestApp, startTestApp } from './start-test-app.js';

export interface DriveBed {
  readonly database: TestDatabase;
  readonly s3: S3TestServer;
  /** Starts one more API instance on the deployment. */
  startInstance(): Promise<TestApp>;
  /** The backends, as the first instance opened them (for looking at copies directly). */
  backends(): readonly ObjectBackend[];
  /** Which backends hold a copy of `objectId`, asked directly. */
  holders(objectId: string): Promise<string[]>;
  /** Flips one bit of the copy of `objectId` on filesystem backend `backendId` (fs-a or fs-b). */
  corrupt(backendId: string, objectId: string, offset: number): Promise<void>;
  close(): Promise<void>;
}

/** Backends `fs-a` and `fs-b` (directories) and `s3-c` (a bucket), three jurisdictions. */
export async function startDriveBed(): Promise<DriveBed> {
  const [database, s3] = await Promise.all([createTestDatabase(), startS3Server()]);
  const root = await mkdtemp(path.join(tmpdir(), 'coffre-drive-bed-'));
  const client = createS3Client(s3.settings);
  const bucket = await createBucket(client);
  const { endpoint, accessKeyId, secretAccessKey } = s3.settings;
  const configFile = path.join(root, 'storage.json');
  await writeFile(
    configFile,
    JSON.stringify({
      backends: [
        { id: 'fs-a', kind: 'fs', jurisdiction: 'ja', path: path.join(root, 'fs-a') },
        { id: 'fs-b', kind: 'fs', jurisdiction: 'jb', path: path.join(root, 'fs-b') },
        { id: 's3-c', kind: 's3', jurisdiction: 'jc', endpoint, bucket, forcePathStyle: true, accessKeyId, secretAccessKey },
      ],
      replication: { copies: 3, writeQuorum: 2 },
    }),
  );
  const redisKeyPrefix = `coffre-test-${randomBytes(6).toString('hex')}:`;
  const instances: TestApp[] = [];
  const backends = (): readonly ObjectBackend[] => {
    const [first] = instances;
    if (first === undefined) throw new Error('start an instance first');
    return first.app.get<OpenedStorage>(STORAGE).backends;
  };
  return {
    database,
    s3,
    async startInstance() {
      const instance = await startTestApp({
        DATABASE_URL: database.url,
        COFFRE_DATA_DIR: path.join(root, `data-${instances.length}`),
        COFFRE_STORAGE_CONFIG: configFile,
        COFFRE_REDIS_KEY_PREFIX: redisKeyPrefix,
        COFFRE_STORAGE_SCRUB_INTERVAL_SECONDS: '604800',
      });
      instances.push(instance);
      return instance;
    },
    backends,
    async holders(objectId) {
      const held: string[] = [];
      for (const backend of backends()) {
        const there = await backend.head(objectId).then(
          () => true,
          () => false,
        );
        if (there) held.push(backend.id);
      }
      return held;
    },
    async corrupt(backendId, objectId, offset) {
      const file = objectPath(path.join(root, backendId), objectId);
      const stored = await readFile(file);
      stored[offset]! ^= 0x01;
      await writeFile(file, stored);
    },
    async close() {
      for (const instance of instances.splice(0)) await instance.close();
      client.destroy();
      await s3.dispose();
      await database.drop();
      await rm(root, { recursive: true, force: true });
    },
  };
}

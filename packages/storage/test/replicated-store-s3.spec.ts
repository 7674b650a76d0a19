// The store over a mix of filesystem and S3 backends, built from configuration, with the S3
// provider (s3rver on loopback) going dark before and during writes.
import { type S3Client } from '@aws-sdk/client-s3';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseStorageConfig } from '../src/config.js';
import { type OpenedStorage, openStorage } from '../src/open-storage.js';
import { InMemoryPlacementStore } from '../src/placement.js';
import { createS3Client } from '../src/s3/s3-client.js';
import { pausableStream, randomObject, readAll, sha256Hex, streamOf } from './support/bytes.js';
import { RecordingRepairQueue } from './support/recording-repair-queue.js';
import { type S3TestServer, createBucket, startS3Server } from '../src/testing/s3-server.js';
import { makeTempDirectory, removeDirectory, temporaryFiles } from './support/temp-dirs.js';

let server: S3TestServer;
let adminClient: S3Client;
beforeAll(async () => {
  server = await startS3Server();
  adminClient = createS3Client(server.settings);
});
afterAll(async () => {
  adminClient.destroy();
  await server.dispose();
});

describe('replicated store over filesystem and S3 backends', () => {
  let root: string;
  let bucket: string;
  let storage: OpenedStorage;
  let placements: InMemoryPlacementStore;
  let repairs: RecordingRepairQueue;

  beforeEach(async () => {
    root = await makeTempDirectory('mixed');
    bucket = await createBucket(adminClient);
    const { endpoint, accessKeyId, secretAccessKey } = server.settings;
    const config = parseStorageConfig({
      backends: [
        { id: 'fs-ch', kind: 'fs', jurisdiction: 'ch', path: path.join(root, 'ch') },
        { id: 'fs-is', kind: 'fs', jurisdiction: 'is', path: path.join(root, 'is') },
        { id: 's3-eu', kind: 's3', jurisdiction: 'eu', endpoint, bucket, prefix: 'coffre/', forcePathStyle: true, accessKeyId, secretAccessKey },
      ],
      replication: { copies: 3, writeQuorum: 2 },
    });
    placements = new InMemoryPlacementStore();
    repairs = new RecordingRepairQueue();
    // Hedging is tested elsewhere; here a busy machine must not make S3's first answer look slow
    // enough to ask another copy (50 ms was, on a loaded two-core machine).
    storage = await openStorage(config, { placements, repairs, timing: { hedgeInitialMs: 1_000, writeStallMs: 2_000 } });
  });
  afterEach(async () => {
    await server.restart();
    await storage.close();
    await removeDirectory(root);
  });

  const backend = (id: string) => storage.backends.find((candidate) => candidate.id === id)!;

  it('places one copy on S3 and reads from it like any other', async () => {
    const object = randomObject(200_000);
    const receipt = await storage.store.put(object.id, streamOf(object.bytes), 200_000);
    expect(receipt.placement.locations.map((location) => location.backendId).sort()).toEqual(['fs-ch', 'fs-is', 's3-eu']);
    expect(await backend('s3-eu').head(object.id)).toMatchObject({ size: 200_000 });
    // With the filesystem copies set aside as failing, the S3 copy is read first.
    storage.store.health.recordFailure('fs-ch');
    storage.store.health.recordFailure('fs-is');
    expect(sha256Hex(await readAll((await storage.store.get(object.id)).body))).toBe(object.id);
    expect(storage.store.health.latencyMs('s3-eu')).toBeDefined();
    expect(storage.store.health.latencyMs('fs-ch')).toBeUndefined();
  });

  it('writes on the quorum while the S3 provider is down, and reads around it', async () => {
    const before = randomObject(100_000);
    await storage.store.put(before.id, streamOf(before.bytes), 100_000);
    await server.stop();
    const during = randomObject(100_000);
    const receipt = await storage.store.put(during.id, streamOf(during.bytes), 100_000);
    expect(receipt.placement.locations.map((location) => location.backendId).sort()).toEqual(['fs-ch', 'fs-is']);
    expect(repairs.needs).toEqual([{ kind: 'complete-placement', objectId: during.id, missing: 1 }]);
    // The S3 copy is the one tried first now that the filesystem copies are known slow.
    storage.store.health.recordLatency('fs-ch', 500);
    storage.store.health.recordLatency('fs-is', 500);
    expect(sha256Hex(await readAll((await storage.store.get(before.id)).body))).toBe(before.id);
  });

  it('finishes a write on the quorum when the S3 provider goes dark in the middle of it', async () => {
    const object = randomObject(2 * 1024 * 1024);
    const { stream, paused, resume } = pausableStream(object.bytes, 1024 * 1024);
    const writing = storage.store.put(object.id, stream, object.bytes.length);
    await paused;
    await server.stop();
    resume();
    const receipt = await writing;
    expect(receipt.placement.locations.map((location) => location.backendId).sort()).toEqual(['fs-ch', 'fs-is']);
    expect(receipt.failures).toEqual([expect.objectContaining({ backendId: 's3-eu', code: 'UNAVAILABLE' })]);
    await server.restart();
    expect(await server.pendingUploads(bucket)).toEqual([]);
    await expect(backend('s3-eu').head(object.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect([...(await temporaryFiles(path.join(root, 'ch'))), ...(await temporaryFiles(path.join(root, 'is')))]).toEqual([]);
    expect(sha256Hex(await readAll((await storage.store.get(object.id)).body))).toBe(object.id);
  });

});

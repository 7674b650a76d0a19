// The failures replicated storage exists to survive, on the running API: real Postgres, real Redis
// (its own key prefix per app), filesystem backends in temp directories and S3 buckets on s3rver.
// Repairs run as BullMQ jobs, scrubs as service calls or jobs, exactly as in production.
import { createHash, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { Logger } from '@nestjs/common';
import { type ApiConfig } from '@coffre/config/api';
import { type TestDatabase, createTestDatabase } from '@coffre/db/testing';
import { objectPath } from '@coffre/storage/fs';
import { type S3TestServer, startS3Server } from '@coffre/storage/testing';
import { QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { API_CONFIG } from '../../src/config/api-config.module.js';
import { SCRUB_QUEUE } from '../../src/storage/storage-queues.js';
import { type BackendSpec, type StorageTestApp, eventually, startStorageTestApp } from './support/storage-test-app.js';

let database: TestDatabase;
let s3: S3TestServer;
let bed: StorageTestApp | undefined;

beforeAll(async () => {
  [database, s3] = await Promise.all([createTestDatabase(), startS3Server()]);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await bed?.close();
  bed = undefined;
  await s3.restart();
  // Each test has backends of its own: placements of another's would point nowhere. DELETE, not
  // TRUNCATE: TRUNCATE takes exclusive table locks one table after another, and deadlocked once
  // with a closing instance's last write still holding a row of object_copies.
  await database.prisma.storedObject.deleteMany();
});
afterAll(async () => {
  await s3?.dispose();
  await database?.drop();
});

const THREE: BackendSpec[] = [
  { id: 'fs-a', jurisdiction: 'ja', kind: 'fs' },
  { id: 'fs-b', jurisdiction: 'jb', kind: 'fs' },
  { id: 's3-c', jurisdiction: 'jc', kind: 's3' },
];

async function start(backends: readonly BackendSpec[], env: Record<string, string> = {}): Promise<StorageTestApp> {
  bed = await startStorageTestApp({ databaseUrl: database.url, s3, backends, env });
  return bed;
}

function object(size: number) {
  const bytes = new Uint8Array(randomBytes(size));
  return { id: createHash('sha256').update(bytes).digest('hex'), bytes };
}

/** Streams `bytes` in 64 KiB chunks; with `pauseAt`, stops there until `resume()`. */
function upload(bytes: Uint8Array, pauseAt = Infinity) {
  let offset = 0;
  let resume!: () => void;
  let reachedPause!: () => void;
  const resumed = new Promise<void>((resolve) => (resume = resolve));
  const paused = new Promise<void>((resolve) => (reachedPause = resolve));
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (offset >= pauseAt) {
          reachedPause();
          await resumed;
        }
        if (offset >= bytes.length) return controller.close();
        const end = Math.min(offset + 64 * 1024, bytes.length, offset < pauseAt ? pauseAt : Infinity);
        controller.enqueue(bytes.slice(offset, end));
        offset = end;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, paused, resume };
}

async function sha256Of(stream: ReadableStream<Uint8Array>): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) hash.update(chunk);
  return hash.digest('hex');
}

/** What the store reads back for `id`, hashed. */
async function readBack(app: StorageTestApp, id: string): Promise<string> {
  return sha256Of((await app.storage.store.get(id)).body);
}

/** Whether `backendId` holds an intact copy of `id`, asked directly. */
async function holdsIntact(app: StorageTestApp, backendId: string, id: string): Promise<boolean> {
  try {
    return (await sha256Of((await app.backend(backendId).get(id)).body)) === id;
  } catch {
    return false;
  }
}

async function locationsOf(app: StorageTestApp, id: string): Promise<string[] | undefined> {
  return (await app.placements.get(id))?.locations.map((location) => location.backendId).sort();
}

async function health(app: StorageTestApp): Promise<{ status: number; body: { checks: { storage: string }; storage: Record<string, unknown> } }> {
  const response = await fetch(`${app.api.url}/api/health`);
  return { status: response.status, body: (await response.json()) as never };
}

const noProgress = async (): Promise<void> => undefined;

describe('a backend stopped in the middle of a write', () => {
  it('lets the write succeed on the quorum; once the backend is back, the repair job restores every copy', async () => {
    const app = await start(THREE);
    const { id, bytes } = object(3 * 1024 * 1024);
    const body = upload(bytes, 1024 * 1024);
    const writing = app.storage.store.put(id, body.stream, bytes.length);
    await body.paused;
    await s3.stop();
    body.resume();

    const receipt = await writing;
    expect(receipt.placement.locations.map((location) => location.backendId).sort()).toEqual(['fs-a', 'fs-b']);
    expect(receipt.failures).toEqual([expect.objectContaining({ backendId: 's3-c' })]);
    expect(await readBack(app, id)).toBe(id);
    // Probes time out after 800 ms: on a loaded machine, a healthy backend may need a second look.
    await eventually(async () => expect((await health(app)).body.storage).toMatchObject({ backendsReachable: 2, underReplicatedObjects: 1 }));

    // The repair job runs at once, fails while the backend is down, and is retried.
    await eventually(async () => expect(await app.queues.pendingRepairs()).toBe(1));
    await s3.restart();
    await eventually(async () => expect(await locationsOf(app, id)).toEqual(['fs-a', 'fs-b', 's3-c']), 20_000);
    expect(await holdsIntact(app, 's3-c', id)).toBe(true);
    await eventually(async () => expect(await app.queues.pendingRepairs()).toBe(0));
    await eventually(async () => expect(await health(app)).toMatchObject({ status: 200, body: { storage: { backendsReachable: 3, underReplicatedObjects: 0 } } }));
  });
});

describe('one bit flipped in one stored copy', () => {
  /** Flips one bit of the copy of `id` on filesystem backend `backendId`. */
  async function flipBit(app: StorageTestApp, backendId: string, id: string, offset: number): Promise<void> {
    const file = objectPath(app.directoryOf(backendId), id);
    const stored = await readFile(file);
    stored[offset]! ^= 0x01;
    await writeFile(file, stored);
  }

  it('is found by the scheduled scrub job, which reports its progress, and the bad copy is replaced', async () => {
    const app = await start(THREE);
    const { id, bytes } = object(700_000);
    await app.storage.store.put(id, upload(bytes).stream, bytes.length);
    await flipBit(app, 'fs-b', id, 555_555);

    const connection = new Redis(app.api.app.get<ApiConfig>(API_CONFIG).redisUrl, { maxRetriesPerRequest: null });
    const events = new QueueEvents(SCRUB_QUEUE, { connection, prefix: app.queues.prefix });
    const progress: unknown[] = [];
    events.on('progress', ({ data }) => progress.push(data));
    await events.waitUntilReady();
    try {
      await app.queues.enqueueScrub();
      await eventually(async () => expect(progress).toContainEqual(expect.objectContaining({ phase: 'done', copiesDamaged: 1, copiesIntact: 2 })));
      await eventually(async () => expect(await holdsIntact(app, 'fs-b', id)).toBe(true));
    } finally {
      await events.close();
      connection.disconnect();
    }
  });

  it('never reaches a reader, whose read has the copy replaced', async () => {
    const app = await start(THREE);
    const { id, bytes } = object(700_000);
    await app.storage.store.put(id, upload(bytes).stream, bytes.length);
    await flipBit(app, 'fs-b', id, 123_456);
    // The damaged copy is the one the read tries first.
    app.storage.store.health.recordLatency('fs-a', 500);
    app.storage.store.health.recordLatency('s3-c', 500);

    expect(await readBack(app, id)).toBe(id);
    await eventually(async () => expect(await holdsIntact(app, 'fs-b', id)).toBe(true));
  });
});

describe('every backend of one jurisdiction lost', () => {
  const FIVE: BackendSpec[] = [
    { id: 'fs-a', jurisdiction: 'ja', kind: 'fs' },
    { id: 'fs-b1', jurisdiction: 'jb', kind: 'fs' },
    { id: 'fs-b2', jurisdiction: 'jb', kind: 'fs' },
    { id: 's3-c', jurisdiction: 'jc', kind: 's3' },
    { id: 'fs-d', jurisdiction: 'jd', kind: 'fs' },
  ];

  it('loses no object, and moves the lost copies to the jurisdiction left free', async () => {
    const app = await start(FIVE);
    const objects = [object(200_000), object(50_000), object(0)];
    for (const { id, bytes } of objects) await app.storage.store.put(id, upload(bytes).stream, bytes.length);
    expect(await locationsOf(app, objects[0]!.id)).toEqual(['fs-a', 'fs-b1', 's3-c']);
    await app.lose('fs-b1');
    await app.lose('fs-b2');

    for (const { id } of objects) expect(await readBack(app, id)).toBe(id);
    expect(await app.maintenance.scrub(noProgress)).toMatchObject({ copiesUnreachable: 3 });
    for (const { id } of objects) {
      await eventually(async () => expect(await locationsOf(app, id)).toEqual(['fs-a', 'fs-d', 's3-c']));
      expect(await holdsIntact(app, 'fs-d', id)).toBe(true);
    }
    await eventually(async () => expect((await health(app)).body.storage).toMatchObject({ backendsReachable: 3, backendsConfigured: 5, underReplicatedObjects: 0 }));
  });

  it('says clearly when no jurisdiction is left, and the health route counts the objects at risk', async () => {
    const app = await start(THREE);
    const warnings = vi.spyOn(Logger.prototype, 'warn');
    const objects = [object(100_000), object(100_000)];
    for (const { id, bytes } of objects) await app.storage.store.put(id, upload(bytes).stream, bytes.length);
    await app.lose('fs-b');

    await app.maintenance.scrub(noProgress);
    await eventually(async () => expect((await health(app)).body.storage).toMatchObject({ underReplicatedObjects: 2 }));
    await eventually(async () => expect(await app.queues.pendingRepairs()).toBe(0));
    for (const { id } of objects) {
      expect(warnings).toHaveBeenCalledWith(expect.stringMatching(new RegExp(`^UNDER-REPLICATED ${id} is under-replicated: 2 of 3 copies`)));
      expect(await readBack(app, id)).toBe(id);
    }
    // Two jurisdictions still answer, enough for new writes: the API stays up.
    await eventually(async () => expect(await health(app)).toMatchObject({ status: 200, body: { checks: { storage: 'up' }, storage: { backendsReachable: 2 } } }));
  });
});

describe('fewer backends than the write quorum', () => {
  it('fails cleanly, references nothing, never takes a leftover copy for data, and collects it after the grace period', async () => {
    const app = await start(THREE, { COFFRE_STORAGE_ORPHAN_GRACE_SECONDS: '2' });
    await s3.stop();
    await app.lose('fs-b');
    const { id, bytes } = object(300_000);

    await expect(app.storage.store.put(id, upload(bytes).stream, bytes.length)).rejects.toMatchObject({ code: 'QUORUM_NOT_REACHED' });
    expect(await app.placements.get(id)).toBeUndefined();
    expect(await holdsIntact(app, 'fs-a', id)).toBe(false);
    expect((await health(app)).status).toBe(503);

    // What a write that crashed between writing and recording leaves behind.
    await app.backend('fs-a').put(id, upload(bytes).stream, { size: bytes.length });
    await expect(app.maintenance.repair({ kind: 'complete-placement', objectId: id, missing: 3 })).resolves.toMatchObject({ status: 'nothing-to-do' });
    expect(await app.maintenance.scrub(noProgress)).toMatchObject({ orphansTooYoung: 1, orphansRemoved: 0 });
    expect(await holdsIntact(app, 'fs-a', id)).toBe(true);
    await expect(app.storage.store.get(id)).rejects.toMatchObject({ code: 'NOT_FOUND' });

    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect(await app.maintenance.scrub(noProgress)).toMatchObject({ orphansRemoved: 1 });
    expect(await holdsIntact(app, 'fs-a', id)).toBe(false);
  });
});

describe('concurrency', () => {
  it('stores an object written many times at once exactly once, intact', async () => {
    const app = await start(THREE);
    const { id, bytes } = object(1024 * 1024);
    const receipts = await Promise.all(Array.from({ length: 6 }, () => app.storage.store.put(id, upload(bytes).stream, bytes.length)));
    expect(receipts.filter((receipt) => !receipt.alreadyStored)).toHaveLength(1);
    expect(await locationsOf(app, id)).toEqual(['fs-a', 'fs-b', 's3-c']);
    for (const backend of ['fs-a', 'fs-b', 's3-c']) expect(await holdsIntact(app, backend, id)).toBe(true);
    expect(await app.maintenance.scrub(noProgress)).toMatchObject({ copiesChecked: 3, copiesIntact: 3, orphansRemoved: 0 });
  });

  it('runs two scrubs at once, each copy checked by one of them and each damage reported once', async () => {
    const app = await start(THREE);
    const objects = Array.from({ length: 12 }, () => object(60_000));
    for (const { id, bytes } of objects) await app.storage.store.put(id, upload(bytes).stream, bytes.length);
    const damaged = objects[5]!.id;
    const file = objectPath(app.directoryOf('fs-a'), damaged);
    await writeFile(file, Buffer.alloc(60_000));
    const reported = vi.spyOn(app.queues, 'enqueueRepair');

    const [first, second] = await Promise.all([app.maintenance.scrub(noProgress), app.maintenance.scrub(noProgress)]);

    expect(first.copiesChecked + second.copiesChecked).toBe(36);
    expect(first.copiesDamaged + second.copiesDamaged).toBe(1);
    expect(reported.mock.calls.map(([need]) => need)).toEqual([expect.objectContaining({ kind: 'replace-copy', objectId: damaged, backendId: 'fs-a' })]);
    await eventually(async () => expect(await holdsIntact(app, 'fs-a', damaged)).toBe(true));
  });

  it('never brings back an object deleted while its repair runs', async () => {
    const app = await start(THREE);
    for (let round = 0; round < 4; round += 1) {
      await s3.stop();
      const { id, bytes } = object(400_000);
      await app.storage.store.put(id, upload(bytes).stream, bytes.length);
      await s3.restart();
      const stagger = new Promise((resolve) => setTimeout(resolve, round * 15));
      await Promise.all([
        app.maintenance.repair({ kind: 'complete-placement', objectId: id, missing: 1 }).catch(() => undefined),
        stagger.then(() => app.storage.store.delete(id)),
      ]);
      await eventually(async () => expect(await app.queues.pendingRepairs()).toBe(0));
      expect(await app.placements.get(id)).toBeUndefined();
      for (const backend of ['fs-a', 'fs-b', 's3-c']) expect(await holdsIntact(app, backend, id), `a copy on ${backend}`).toBe(false);
    }
  });
});

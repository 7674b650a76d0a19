// The repair queue on a real Redis: the same need reported many times is queued once.
import { randomBytes } from 'node:crypto';
import { loadApiConfig } from '@coffre/config/api';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { StorageQueues } from '../../src/storage/storage-queues.js';

const prefix = `coffre-test-${randomBytes(6).toString('hex')}:`;
let queues: StorageQueues;

beforeAll(() => {
  queues = new StorageQueues(loadApiConfig({ COFFRE_REDIS_KEY_PREFIX: prefix, NODE_ENV: 'test' }));
});
afterAll(async () => {
  await queues.onApplicationShutdown();
  const redis = new Redis('redis://127.0.0.1:6379');
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

const objectId = 'ab'.repeat(32);

it('queues one job per need, object and backend, however often it is reported', async () => {
  const corrupt = { kind: 'replace-copy', objectId, shard: 0, backendId: 'fs-a', reason: 'corrupt', detail: 'block 3' } as const;
  await Promise.all([queues.enqueueRepair(corrupt), queues.enqueueRepair(corrupt), queues.enqueueRepair({ ...corrupt, reason: 'missing', detail: 'gone' })]);
  expect(await queues.pendingRepairs()).toBe(1);

  await queues.enqueueRepair({ ...corrupt, backendId: 'fs-b' });
  await queues.enqueueRepair({ kind: 'complete-placement', objectId, missing: 1 });
  await queues.enqueueRepair({ kind: 'complete-placement', objectId, missing: 2 });
  await queues.enqueueRepair({ kind: 'remove-orphan', backendId: 'fs-a', key: objectId });
  expect(await queues.pendingRepairs()).toBe(4);
});

// Two API instances on one Postgres: their writes and deletes of one object take turns, so that
// neither deletes copies the other has just referenced, nor reports stored an object being deleted.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type TestDatabase, createTestDatabase } from '@coffre/db/testing';
import { type ObjectBackend } from '@coffre/storage/backend';
import { StorageError } from '@coffre/storage/errors';
import { FileSystemBackend } from '@coffre/storage/fs';
import { ReplicatedStore } from '@coffre/storage/replicated';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresObjectLocks, advisoryLockKey } from '../../src/storage/postgres-object-locks.js';
import { PrismaPlacementStore } from '../../src/storage/prisma-placement-store.js';

let database: TestDatabase;
let root: string;
const locks: PostgresObjectLocks[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  root = await mkdtemp(path.join(tmpdir(), 'coffre-locks-'));
});
afterAll(async () => {
  await Promise.all(locks.map((lock) => lock.close()));
  await database?.drop();
  await rm(root, { recursive: true, force: true });
});

function newLocks(): PostgresObjectLocks {
  const lock = new PostgresObjectLocks(database.url, { maxConnections: 4 });
  locks.push(lock);
  return lock;
}

/**
 * A backend that takes a whole body, then fails after `ms`: the provider that times out at the
 * very end, well after the other copies of the same write have been committed.
 */
function failingLate(id: string, ms: number): ObjectBackend {
  return {
    id,
    jurisdiction: id,
    put: async (_key, body) => {
      await new Response(body).arrayBuffer();
      await delay(ms);
      throw new StorageError('UNAVAILABLE', `${id} timed out (injected)`);
    },
    get: () => Promise.reject(new StorageError('NOT_FOUND', 'no such object')),
    head: () => Promise.reject(new StorageError('NOT_FOUND', 'no such object')),
    delete: async () => undefined,
    list: async () => ({ keys: [] }),
  };
}

/** `backend`, answering deletes only after `ms`: a provider that is slow to acknowledge. */
function slowToDelete(backend: ObjectBackend, ms: number): ObjectBackend {
  return Object.assign(Object.create(backend) as ObjectBackend, {
    delete: async (key: string) => {
      await delay(ms);
      await backend.delete(key);
    },
  });
}

/** One API instance's store: its own records client, locks and backend objects, on shared data. */
function instance(backends: readonly (string | ObjectBackend)[], lock = newLocks()) {
  const placements = new PrismaPlacementStore({ prisma: database.prisma, close: async () => undefined });
  const store = new ReplicatedStore({
    backends: backends.map((backend) =>
      typeof backend === 'string' ? new FileSystemBackend({ id: backend, jurisdiction: backend, root: path.join(root, backend) }) : backend,
    ),
    policy: { copies: 3, writeQuorum: 2 },
    placements,
    repairs: { report: () => undefined },
    locks: lock,
  });
  return { store, placements };
}

function object(size = 300_000) {
  const bytes = new Uint8Array(randomBytes(size));
  return { id: createHash('sha256').update(bytes).digest('hex'), bytes, stream: () => new Blob([bytes]).stream() };
}

/** Every copy of `id` on `backends` (directories under root) is there and hashes to its id. */
async function expectIntactOn(backends: string[], id: string): Promise<void> {
  for (const backend of backends) {
    const { body } = await new FileSystemBackend({ id: backend, jurisdiction: backend, root: path.join(root, backend) }).get(id);
    expect(createHash('sha256').update(new Uint8Array(await new Response(body).arrayBuffer())).digest('hex'), `the copy on ${backend}`).toBe(id);
  }
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('PostgresObjectLocks', () => {
  it('lets one holder of an object in at a time across instances, and leaves other objects free', async () => {
    const [first, second] = [newLocks(), newLocks()];
    const { id } = object(10);
    const events: string[] = [];
    const section = (name: string) => async () => {
      events.push(`${name} in`);
      await delay(150);
      events.push(`${name} out`);
    };
    const a = first.withLock(id, section('a'));
    await delay(30);
    const b = second.withLock(id, section('b'));
    const other = second.withLock(object(10).id, section('other'));
    await Promise.all([a, b, other]);
    expect(events.indexOf('b in')).toBeGreaterThan(events.indexOf('a out'));
    expect(events.indexOf('other in')).toBeLessThan(events.indexOf('a out'));
  });

  it('releases the lock when the section throws', async () => {
    const [first, second] = [newLocks(), newLocks()];
    const { id } = object(10);
    await expect(first.withLock(id, async () => Promise.reject(new Error('section failed')))).rejects.toThrow('section failed');
    await expect(Promise.race([second.withLock(id, async () => 'entered'), delay(2_000).then(() => 'blocked')])).resolves.toBe('entered');
  });

  it('keys a lock by the first 64 bits of the id', () => {
    expect(advisoryLockKey(`${'ff'.repeat(8)}${'0'.repeat(48)}`)).toBe('-1');
    expect(advisoryLockKey(`${'00'.repeat(7)}2a${'f'.repeat(48)}`)).toBe('42');
  });
});

describe('two stores on one database', () => {
  it('never let a failed write delete the copies a concurrent write of the same object referenced', async () => {
    const healthy = instance(['a', 'b', 'c']);
    // Shares backend a; its other two fail late: its writes fail below quorum, after the healthy
    // instance has referenced its copy on a, and then delete what they wrote on a.
    const failing = instance(['a', failingLate('x', 200), failingLate('y', 200)]);
    for (let round = 0; round < 3; round += 1) {
      const { id, bytes, stream } = object();
      const outcomes = await Promise.allSettled([healthy.store.put(id, stream(), bytes.length), failing.store.put(id, stream(), bytes.length)]);
      expect(outcomes[0].status).toBe('fulfilled');
      const placement = await healthy.placements.get(id);
      expect(placement?.locations.map((location) => location.backendId).sort()).toEqual(['a', 'b', 'c']);
      await expectIntactOn(['a', 'b', 'c'], id);
    }
  });

  it('never leave a placement whose copies a concurrent delete removed', async () => {
    // Its deletes of c land late: long after the object was unreferenced.
    const one = instance(['a', 'b', slowToDelete(new FileSystemBackend({ id: 'c', jurisdiction: 'c', root: path.join(root, 'c') }), 200)]);
    const two = instance(['a', 'b', 'c']);
    for (let round = 0; round < 3; round += 1) {
      const { id, bytes, stream } = object();
      await one.store.put(id, stream(), bytes.length);
      const deleting = one.store.delete(id);
      // The other instance writes the object again while the delete is still under way.
      await delay(50);
      await two.store.put(id, stream(), bytes.length);
      await deleting;
      expect(await two.placements.get(id)).toBeDefined();
      await expectIntactOn(['a', 'b', 'c'], id);
    }
  });
});

// The placement records in a real Postgres database (and in the embedded PGlite, the default when
// none is configured): what the store saves it reads back bit for bit, and what maintenance asks
// of the copies (claims, checks, references) holds under concurrency.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Database, openDatabase } from '@coffre/db/client';
import { type TestDatabase, createTestDatabase } from '@coffre/db/testing';
import { type Placement } from '@coffre/storage/placement';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaPlacementStore } from '../../src/storage/prisma-placement-store.js';

const HOUR = 3_600_000;

/** A placement of an object of `size` bytes in 16-byte blocks, with copies on `backends`. */
function placementOf(id: string, backends: string[], size = 40): Placement {
  const blocks = Math.ceil(size / 16);
  const blockHashes = Uint8Array.from({ length: blocks * 32 }, (_, index) => (index * 7 + id.charCodeAt(0)) % 256);
  return {
    objectId: id,
    size,
    layout: { kind: 'replicated', copies: 3 },
    shards: [{ index: 0, key: id, size, blockSize: 16, blockHashes }],
    locations: backends.map((backendId) => ({ shard: 0, backendId, jurisdiction: `j-${backendId}` })),
    createdAt: new Date('2026-11-01T10:00:00.000Z'),
  };
}

const id = (digit: string) => digit.repeat(64);

function describePlacementStore(name: string, open: () => Promise<{ database: Database; dispose: () => Promise<void> }>) {
  describe(name, () => {
    let store: PrismaPlacementStore;
    let dispose: () => Promise<void>;

    beforeAll(async () => {
      const opened = await open();
      store = new PrismaPlacementStore(opened.database);
      dispose = opened.dispose;
    });
    afterAll(() => dispose?.());

    it('reads back what it saved, block hashes included, and forgets it on remove', async () => {
      const placement = placementOf(id('a'), ['b1', 'b2', 'b3']);
      await store.save(placement);
      expect(await store.get(id('a'))).toEqual(placement);
      expect(await store.remove(id('a'))).toBe(true);
      expect(await store.get(id('a'))).toBeUndefined();
      expect(await store.remove(id('a'))).toBe(false);
    });

    it('replaces the copies of a placement, keeping what it knows of those that stay', async () => {
      await store.save(placementOf(id('b'), ['b1', 'b2']));
      await store.recordCheck({ objectId: id('b'), shard: 0, backendId: 'b2' }, 'damaged', new Date());
      expect(await store.countUnderReplicated()).toBeGreaterThanOrEqual(1);
      await store.save(placementOf(id('b'), ['b2', 'b3', 'b4']));
      expect((await store.get(id('b')))?.locations.map((location) => location.backendId)).toEqual(['b2', 'b3', 'b4']);
      const [b2] = await store.claimCopiesToCheck({ verifiedBefore: new Date(Date.now() + HOUR), skipClaimedSince: new Date(), limit: 100, now: new Date() }).then((copies) => copies.filter((copy) => copy.objectId === id('b') && copy.backendId === 'b2'));
      expect(b2?.state).toBe('damaged');
    });

    it('refuses an inconsistent placement', async () => {
      await expect(store.save({ ...placementOf(id('c'), ['b1']), size: 41 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      expect(await store.get(id('c'))).toBeUndefined();
    });

    it('records checks: ok moves verifiedAt, a change of state moves stateSince, and the count follows', async () => {
      const objectId = id('d');
      await store.save(placementOf(objectId, ['b1', 'b2', 'b3']));
      const copy = { objectId, shard: 0, backendId: 'b3' };
      const first = new Date(Date.now() + HOUR);
      const unreachable = await store.recordCheck(copy, 'unreachable', first);
      expect(unreachable).toMatchObject({ state: 'unreachable', stateSince: first, jurisdiction: 'j-b3' });
      const still = await store.recordCheck(copy, 'unreachable', new Date(first.getTime() + 1_000));
      expect(still?.stateSince).toEqual(first);
      const before = await store.countUnderReplicated();
      const back = new Date(first.getTime() + 2_000);
      expect(await store.recordCheck(copy, 'ok', back)).toMatchObject({ state: 'ok', stateSince: back, verifiedAt: back });
      expect(await store.countUnderReplicated()).toBe(before - 1);
      expect(await store.recordCheck({ ...copy, backendId: 'nowhere' }, 'ok', back)).toBeUndefined();
    });

    it('tells which listed keys no copy on a backend references', async () => {
      await store.save(placementOf(id('e'), ['b1', 'b2']));
      expect(await store.unreferencedOn('b1', [id('e'), id('f')])).toEqual([id('f')]);
      expect(await store.unreferencedOn('b9', [id('e')])).toEqual([id('e')]);
      expect(await store.unreferencedOn('b1', [])).toEqual([]);
    });
  });
}

describePlacementStore('PrismaPlacementStore on Postgres', async () => {
  const database: TestDatabase = await createTestDatabase();
  return { database: { prisma: database.prisma, close: async () => undefined }, dispose: () => database.drop() };
});

describePlacementStore('PrismaPlacementStore on the embedded PGlite', async () => {
  const directory = await mkdtemp(path.join(tmpdir(), 'coffre-placements-'));
  const database = await openDatabase({ pgliteDataDir: path.join(directory, 'pglite') });
  return {
    database,
    dispose: async () => {
      await database.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
});

describe('claims on Postgres', () => {
  let database: TestDatabase;
  let store: PrismaPlacementStore;
  beforeAll(async () => {
    database = await createTestDatabase();
    store = new PrismaPlacementStore({ prisma: database.prisma, close: async () => undefined });
    for (const digit of '0123456789') await store.save(placementOf(id(digit), ['b1', 'b2', 'b3']));
  });
  afterAll(() => database?.drop());

  it('hand concurrent scrubs different copies, longest unverified first, and none twice in a run', async () => {
    const skipClaimedSince = new Date();
    const claim = () => store.claimCopiesToCheck({ verifiedBefore: new Date(Date.now() + HOUR), skipClaimedSince, limit: 7, now: new Date() });
    await store.recordCheck({ objectId: id('5'), shard: 0, backendId: 'b2' }, 'ok', new Date(Date.now() - HOUR));
    const batches = await Promise.all([claim(), claim(), claim(), claim(), claim()]);
    const claimed = batches.flat().map((copy) => `${copy.objectId.slice(0, 1)}/${copy.backendId}`);
    expect(claimed).toHaveLength(30);
    expect(new Set(claimed).size).toBe(30);
    // Verified an hour ago, before the others: claimed first by whichever batch came first.
    expect(batches.map((batch) => batch[0]).some((copy) => copy?.objectId === id('5') && copy.backendId === 'b2')).toBe(true);
    expect(await claim()).toEqual([]);
    // A later run takes them up again.
    const next = await store.claimCopiesToCheck({ verifiedBefore: new Date(Date.now() + HOUR), skipClaimedSince: new Date(Date.now() + 1), limit: 100, now: new Date(Date.now() + 2) });
    expect(next).toHaveLength(30);
  });
});

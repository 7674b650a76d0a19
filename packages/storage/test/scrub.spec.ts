// The scrub re-reads copies nobody has read for a while and collects copies nobody references:
// bad copies are found without any client asking, and leftovers of crashed writes do not pile up.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ListOptions } from '../src/backend.js';
import { CLAIM_LEASE_MS, type ScrubOptions, type ScrubReport } from '../src/maintenance/scrub.js';
import { type ObjectId } from '../src/object-id.js';
import { InMemoryScrubCursors, type ScrubCursors } from '../src/scrub-cursors.js';
import { randomObject, streamOf } from './support/bytes.js';
import { flipBit } from './support/disk-damage.js';
import { expectStorageError } from './support/expect-storage-error.js';
import { type StoreFixture, createStoreFixture } from './support/store-fixture.js';

let fixture: StoreFixture;
afterEach(async () => {
  await fixture.dispose();
});

const HOUR = 3_600_000;
const EVERYTHING_DUE: ScrubOptions = { verifyEveryMs: 0, copiesPerRun: 1_000, relocateAfterMs: HOUR };

async function putObjects(count: number, size = 40_000) {
  const objects = Array.from({ length: count }, () => randomObject(size));
  for (const object of objects) await fixture.store.put(object.id, streamOf(object.bytes), size);
  return objects;
}

describe('scrub: checking copies', () => {
  it('finds a flipped bit, records the copy damaged, reports it, and finds all sound after the repair', async () => {
    fixture = await createStoreFixture();
    const [damaged] = await putObjects(3);
    await flipBit(fixture.rootOf('fs-b'), damaged!.id, 12_345);
    let now = Date.now();
    const maintenance = fixture.maintenance({ now: () => new Date(now) });

    const report = await maintenance.scrub(EVERYTHING_DUE);

    expect(report).toMatchObject({ phase: 'done', copiesChecked: 9, copiesIntact: 8, copiesDamaged: 1, copiesUnreachable: 0 });
    expect(fixture.repairs.needs).toEqual([
      { kind: 'replace-copy', objectId: damaged!.id, shard: 0, backendId: 'fs-b', reason: 'corrupt', detail: 'block 0 on fs-b does not match its hash' },
    ]);
    expect(fixture.placements.copiesOf(damaged!.id).find((copy) => copy.backendId === 'fs-b')?.state).toBe('damaged');

    await maintenance.repair(fixture.repairs.needs[0]!);
    now += CLAIM_LEASE_MS + 1; // the next scheduled run, once the first run's claims have lapsed
    expect(await maintenance.scrub(EVERYTHING_DUE)).toMatchObject({ copiesChecked: 9, copiesIntact: 9 });
  });

  it('does not check again, within the claim lease, copies another run has claimed', async () => {
    fixture = await createStoreFixture();
    await putObjects(2);
    let now = Date.now();
    const maintenance = fixture.maintenance({ now: () => new Date(now) });
    expect(await maintenance.scrub(EVERYTHING_DUE)).toMatchObject({ copiesChecked: 6 });
    now += 1000; // a run that starts a second later
    expect(await maintenance.scrub(EVERYTHING_DUE)).toMatchObject({ copiesChecked: 0 });
  });

  it('checks only copies due, longest unverified first, at most so many per run', async () => {
    fixture = await createStoreFixture();
    await putObjects(4);
    const maintenance = fixture.maintenance();
    expect(await maintenance.scrub({ ...EVERYTHING_DUE, verifyEveryMs: HOUR })).toMatchObject({ copiesChecked: 0 });
    expect(await maintenance.scrub({ ...EVERYTHING_DUE, copiesPerRun: 5 })).toMatchObject({ copiesChecked: 5 });
    // The next run takes the 7 copies the first left, before any it has just checked.
    expect(await maintenance.scrub({ ...EVERYTHING_DUE, copiesPerRun: 7 })).toMatchObject({ copiesChecked: 7 });
    const verified = (await Promise.all(fixture.placements.objectIds().map((id) => fixture.placements.copiesOf(id)))).flat();
    expect(new Set(verified.map((copy) => copy.verifiedAt.getTime())).size).toBeGreaterThan(1);
  });

  it('runs twice at once without checking any copy twice', async () => {
    fixture = await createStoreFixture();
    await putObjects(10);
    const maintenance = fixture.maintenance();
    const [first, second] = await Promise.all([maintenance.scrub(EVERYTHING_DUE), maintenance.scrub(EVERYTHING_DUE)]);
    expect(first!.copiesChecked + second!.copiesChecked).toBe(30);
    expect(first!.copiesChecked).toBeGreaterThan(0);
    expect(second!.copiesChecked).toBeGreaterThan(0);
  });

  it('asks to move the copies of a backend only once it has been unreachable long enough', async () => {
    fixture = await createStoreFixture();
    const [object] = await putObjects(1);
    fixture.backend('fs-c').faults = { down: true };
    let now = Date.now();
    const maintenance = fixture.maintenance({ now: () => new Date(now) });

    expect(await maintenance.scrub(EVERYTHING_DUE)).toMatchObject({ copiesUnreachable: 1, copiesIntact: 2 });
    expect(fixture.repairs.needs).toEqual([]);

    now += 2 * HOUR;
    await maintenance.scrub(EVERYTHING_DUE);
    expect(fixture.repairs.needs).toEqual([expect.objectContaining({ kind: 'replace-copy', objectId: object!.id, backendId: 'fs-c', reason: 'unreachable' })]);
  });

  it('reports objects with fewer copies than their layout', async () => {
    fixture = await createStoreFixture();
    fixture.backend('fs-a').faults = { down: true };
    const [object] = await putObjects(1);
    fixture.backend('fs-a').faults = {};
    fixture.repairs.needs.length = 0;
    expect(await fixture.maintenance().scrub(EVERYTHING_DUE)).toMatchObject({ objectsShort: 1 });
    expect(fixture.repairs.needs).toEqual([{ kind: 'complete-placement', objectId: object!.id, missing: 1 }]);
  });

  it('reports its progress, and stops when told to', async () => {
    fixture = await createStoreFixture();
    await putObjects(20);
    const stop = new AbortController();
    const progress: ScrubReport[] = [];
    const run = fixture.maintenance().scrub({
      ...EVERYTHING_DUE,
      signal: stop.signal,
      onProgress: (report) => {
        progress.push(report);
        if (report.copiesChecked >= 32) stop.abort();
      },
    });
    await expectStorageError(run, 'ABORTED');
    expect(progress.map((report) => report.copiesChecked)).toEqual([16, 32]);
  });
});

describe('scrub: collecting orphans', () => {
  it('removes unreferenced copies older than the grace period, and leaves young and referenced ones', async () => {
    fixture = await createStoreFixture();
    const [kept] = await putObjects(1);
    const orphan = randomObject(30_000);
    await fixture.backend('fs-b').put(orphan.id, streamOf(orphan.bytes), { size: 30_000 });

    const now = fixture.maintenance({ orphanGraceMs: HOUR });
    expect(await now.scrub(EVERYTHING_DUE)).toMatchObject({ keysListed: 4, orphansRemoved: 0, orphansTooYoung: 1 });
    expect(await fixture.holders(orphan.id)).toEqual(['fs-b']);

    const later = fixture.maintenance({ orphanGraceMs: HOUR, now: () => new Date(Date.now() + 2 * HOUR) });
    expect(await later.scrub(EVERYTHING_DUE)).toMatchObject({ orphansRemoved: 1, orphansTooYoung: 0 });
    expect(await fixture.holders(orphan.id)).toEqual([]);
    expect(await fixture.holders(kept!.id)).toHaveLength(3);
  });

  it('passes over a backend it cannot list, and says so', async () => {
    fixture = await createStoreFixture();
    await putObjects(1);
    fixture.backend('fs-a').faults = { down: true };
    expect(await fixture.maintenance().scrub(EVERYTHING_DUE)).toMatchObject({ backendsSkipped: ['fs-a'], keysListed: 2 });
  });
});

describe('scrub: listing each backend a slice per run', () => {
  /** Puts `count` unreferenced copies on fs-b only, and returns their keys in listing order. */
  async function orphansOnB(count: number): Promise<ObjectId[]> {
    const keys: ObjectId[] = [];
    for (let index = 0; index < count; index += 1) {
      const orphan = randomObject(1_000);
      await fixture.backend('fs-b').put(orphan.id, streamOf(orphan.bytes), { size: 1_000 });
      keys.push(orphan.id);
    }
    return keys.sort();
  }

  /** Records the keys fs-b's listing returns; `pageSize` makes its pages smaller than asked. */
  function watchListing(pageSize?: number): { keysOfRun: () => ObjectId[] } {
    const listed: ObjectId[] = [];
    const backend = fixture.backend('fs-b');
    const list = backend.list.bind(backend);
    vi.spyOn(backend, 'list').mockImplementation(async (options?: ListOptions) => {
      const page = await list(pageSize === undefined ? options : { ...options, limit: Math.min(pageSize, options?.limit ?? pageSize) });
      listed.push(...page.keys);
      return page;
    });
    return { keysOfRun: () => listed.splice(0) };
  }

  it('lists at most so many keys per run, resumes after the last one, and starts over once past the end', async () => {
    fixture = await createStoreFixture();
    const keys = await orphansOnB(5);
    const cursors = new InMemoryScrubCursors();
    // Young orphans stay: a run that started over instead of resuming would list them again.
    const maintenance = fixture.maintenance({ orphanGraceMs: HOUR, cursors });
    const listing = watchListing();
    const run = () => maintenance.scrub({ ...EVERYTHING_DUE, keysPerRun: 2 });

    expect(await run()).toMatchObject({ keysListed: 2, orphansTooYoung: 2 });
    expect(listing.keysOfRun()).toEqual(keys.slice(0, 2));
    expect(await cursors.get('fs-b')).toBe(keys[1]);
    await run();
    expect(listing.keysOfRun()).toEqual(keys.slice(2, 4));
    expect(await run()).toMatchObject({ keysListed: 1 });
    expect(listing.keysOfRun()).toEqual(keys.slice(4));
    // Past the end: the next run begins again at the first key.
    expect(await cursors.get('fs-b')).toBeUndefined();
    await run();
    expect(listing.keysOfRun()).toEqual(keys.slice(0, 2));
  });

  it('collects every orphan in one pass over the backend, however it is cut into runs', async () => {
    fixture = await createStoreFixture();
    const keys = await orphansOnB(7);
    const maintenance = fixture.maintenance({ orphanGraceMs: 0, cursors: new InMemoryScrubCursors() });
    const removed: number[] = [];
    for (let run = 0; run < 3; run += 1) removed.push((await maintenance.scrub({ ...EVERYTHING_DUE, keysPerRun: 3 })).orphansRemoved);
    expect(removed).toEqual([3, 3, 1]);
    for (const key of keys) expect(await fixture.holders(key)).toEqual([]);
  });

  it('resumes a run stopped midway from the page it had reached, skipping nothing', async () => {
    fixture = await createStoreFixture();
    const keys = await orphansOnB(6);
    const cursors = new InMemoryScrubCursors();
    const maintenance = fixture.maintenance({ orphanGraceMs: HOUR, cursors });
    // fs-a and fs-c hold nothing; fs-b is listed two keys a page, and the run stops after its first.
    const listing = watchListing(2);
    const stop = new AbortController();
    const stopped = maintenance.scrub({
      ...EVERYTHING_DUE,
      keysPerRun: 1_000,
      signal: stop.signal,
      onProgress: (report) => {
        if (report.phase === 'collecting orphans' && report.keysListed > 0) stop.abort();
      },
    });
    await expectStorageError(stopped, 'ABORTED');
    expect(listing.keysOfRun()).toEqual(keys.slice(0, 2));
    await maintenance.scrub({ ...EVERYTHING_DUE, keysPerRun: 1_000 });
    expect(listing.keysOfRun()).toEqual(keys.slice(2));
  });

  it('follows a concurrent run that moved the cursor, instead of moving it back', async () => {
    fixture = await createStoreFixture();
    const keys = await orphansOnB(6);
    const shared = new InMemoryScrubCursors();
    // Another run moves fs-b's cursor to the 4th key just before this run tries to move it.
    let interfered = false;
    const racing: ScrubCursors = {
      get: (backendId) => shared.get(backendId),
      async advance(backendId, from, to) {
        if (backendId === 'fs-b' && !interfered) {
          interfered = true;
          await shared.advance(backendId, from, keys[3]);
        }
        return shared.advance(backendId, from, to);
      },
    };
    const listing = watchListing(2);
    await fixture.maintenance({ orphanGraceMs: HOUR, cursors: racing }).scrub({ ...EVERYTHING_DUE, keysPerRun: 4 });
    // Its first page (keys 1-2) was done when it found the cursor at key 4: it went on from there.
    expect(listing.keysOfRun()).toEqual([...keys.slice(0, 2), ...keys.slice(4, 6)]);
    expect(await shared.get('fs-b')).toBeUndefined();
  });

  it('refuses a budget that is not a positive integer', async () => {
    fixture = await createStoreFixture();
    await expectStorageError(fixture.maintenance().scrub({ ...EVERYTHING_DUE, keysPerRun: 0 }), 'INVALID_INPUT');
  });
});

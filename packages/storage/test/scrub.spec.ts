// The scrub re-reads copies nobody has read for a while and collects copies nobody references:
// bad copies are found without any client asking, and leftovers of crashed writes do not pile up.
import { afterEach, describe, expect, it } from 'vitest';
import { CLAIM_LEASE_MS, type ScrubOptions, type ScrubReport } from '../src/maintenance/scrub.js';
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

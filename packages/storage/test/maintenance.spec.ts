// Repair acts on the present state of an object under its lock: damaged copies are rewritten,
// missing ones placed in free jurisdictions, copies on lost backends moved, orphans collected once
// old enough, and nothing deleted ever comes back.
import { afterEach, describe, expect, it } from 'vitest';
import { ReplicaMaintenance } from '../src/maintenance/replica-maintenance.js';
import { type RepairNeed } from '../src/repair.js';
import { pausableStream, randomObject, readAll, sameBytes, sha256Hex, streamOf } from './support/bytes.js';
import { flipBit, loseCopy } from './support/disk-damage.js';
import { expectStorageError } from './support/expect-storage-error.js';
import { type StoreFixture, createStoreFixture } from './support/store-fixture.js';

let fixture: StoreFixture;
afterEach(async () => {
  await fixture.dispose();
});

const HOUR = 3_600_000;

function replaceCopy(objectId: string, backendId: string, reason: 'corrupt' | 'missing' | 'unreachable'): RepairNeed {
  return { kind: 'replace-copy', objectId, shard: 0, backendId, reason, detail: 'found by a test' };
}

async function put(size = 200_000) {
  const object = randomObject(size);
  const receipt = await fixture.store.put(object.id, streamOf(object.bytes), size);
  return { object, receipt };
}

const locationsOf = async (objectId: string) =>
  (await fixture.placements.get(objectId))?.locations.map((location) => location.backendId).sort();

describe('replacing a copy', () => {
  it('rewrites a corrupt copy from an intact one, records it sound, and does nothing the second time', async () => {
    fixture = await createStoreFixture();
    const { object } = await put();
    await flipBit(fixture.rootOf('fs-b'), object.id, 150_000);
    const maintenance = fixture.maintenance();

    const outcome = await maintenance.repair(replaceCopy(object.id, 'fs-b', 'corrupt'));

    expect(outcome).toMatchObject({ status: 'repaired', detail: expect.stringContaining('rewrote the corrupt copy on fs-b') });
    const { body } = await fixture.backend('fs-b').inner.get(object.id);
    expect(sameBytes(await readAll(body), object.bytes)).toBe(true);
    expect(fixture.placements.copiesOf(object.id).map((copy) => copy.state)).toEqual(['ok', 'ok', 'ok']);
    expect(await maintenance.repair(replaceCopy(object.id, 'fs-b', 'corrupt'))).toMatchObject({ status: 'nothing-to-do' });
  });

  it('rewrites a missing copy', async () => {
    fixture = await createStoreFixture();
    const { object } = await put();
    await loseCopy(fixture.rootOf('fs-c'), object.id);
    expect(await fixture.maintenance().repair(replaceCopy(object.id, 'fs-c', 'missing'))).toMatchObject({ status: 'repaired' });
    expect((await fixture.holders(object.id)).sort()).toEqual(['fs-a', 'fs-b', 'fs-c']);
  });

  it('does nothing for an object deleted meanwhile, and never brings it back', async () => {
    fixture = await createStoreFixture();
    const { object } = await put();
    await fixture.store.delete(object.id);
    const maintenance = fixture.maintenance();
    expect(await maintenance.repair(replaceCopy(object.id, 'fs-a', 'missing'))).toMatchObject({ status: 'nothing-to-do' });
    expect(await maintenance.repair({ kind: 'complete-placement', objectId: object.id, missing: 1 })).toMatchObject({ status: 'nothing-to-do' });
    expect(await fixture.holders(object.id)).toEqual([]);
    await expectStorageError(fixture.store.get(object.id), 'NOT_FOUND');
  });

  it('leaves the copy of an unreachable backend in place, records it, and asks to be retried', async () => {
    fixture = await createStoreFixture();
    const { object } = await put();
    fixture.backend('fs-b').faults = { down: true };
    await expectStorageError(fixture.maintenance().repair(replaceCopy(object.id, 'fs-b', 'missing')), 'UNAVAILABLE');
    expect(await locationsOf(object.id)).toEqual(['fs-a', 'fs-b', 'fs-c']);
    expect(fixture.placements.copiesOf(object.id).find((copy) => copy.backendId === 'fs-b')?.state).toBe('unreachable');
  });

  it('moves a copy off a backend unreachable for too long, into a jurisdiction the object does not use', async () => {
    fixture = await createStoreFixture({ backends: { 'fs-a': 'a', 'fs-b': 'b', 'fs-c': 'c', 'fs-d': 'd' } });
    const { object } = await put();
    expect(await locationsOf(object.id)).toEqual(['fs-a', 'fs-b', 'fs-c']);
    fixture.backend('fs-b').faults = { down: true };

    const outcome = await fixture.maintenance().repair(replaceCopy(object.id, 'fs-b', 'unreachable'));

    expect(outcome).toMatchObject({ status: 'repaired', detail: expect.stringContaining('from fs-b to fs-d') });
    expect(await locationsOf(object.id)).toEqual(['fs-a', 'fs-c', 'fs-d']);
    expect(sha256Hex(await readAll((await fixture.store.get(object.id)).body))).toBe(object.id);
  });

  it('moves it to another backend of the same jurisdiction first', async () => {
    fixture = await createStoreFixture({ backends: { 'fs-a': 'a', 'fs-b': 'b', 'fs-b2': 'b', 'fs-c': 'c', 'fs-d': 'd' } });
    const { object } = await put();
    fixture.backend('fs-b').faults = { down: true };
    await fixture.maintenance().repair(replaceCopy(object.id, 'fs-b', 'unreachable'));
    expect(await locationsOf(object.id)).toEqual(['fs-a', 'fs-b2', 'fs-c']);
  });

  it('says the object is under-replicated when no jurisdiction is left, and keeps the copy recorded', async () => {
    fixture = await createStoreFixture();
    const { object } = await put();
    fixture.backend('fs-c').faults = { down: true };
    const outcome = await fixture.maintenance().repair(replaceCopy(object.id, 'fs-c', 'unreachable'));
    expect(outcome).toEqual({
      status: 'under-replicated',
      copies: 2,
      wanted: 3,
      detail: expect.stringMatching(/under-replicated: 2 of 3 copies .*no backend is configured in a jurisdiction it does not use yet \(used: dev-a, dev-b\)/),
    });
    expect(await locationsOf(object.id)).toEqual(['fs-a', 'fs-b', 'fs-c']);
  });

  it('moves the copies of a backend that left the configuration', async () => {
    fixture = await createStoreFixture({ backends: { 'fs-a': 'a', 'fs-b': 'b', 'fs-c': 'c', 'fs-d': 'd' } });
    const { object } = await put();
    const withoutB = new ReplicaMaintenance({
      backends: ['fs-a', 'fs-c', 'fs-d'].map((id) => fixture.backend(id)),
      placements: fixture.placements,
      repairs: fixture.repairs,
      locks: { withLock: (_id, critical) => critical() },
      orphanGraceMs: 0,
    });
    expect(await withoutB.repair(replaceCopy(object.id, 'fs-b', 'missing'))).toMatchObject({ status: 'repaired' });
    expect(await locationsOf(object.id)).toEqual(['fs-a', 'fs-c', 'fs-d']);
  });
});

describe('completing a placement', () => {
  it('places the copy a write could not make, once its backend is back, and only once', async () => {
    fixture = await createStoreFixture();
    fixture.backend('fs-c').faults = { down: true };
    const { object } = await put();
    const need = fixture.repairs.needs[0]!;
    expect(need).toEqual({ kind: 'complete-placement', objectId: object.id, missing: 1 });
    const maintenance = fixture.maintenance();
    await expectStorageError(maintenance.repair(need), 'UNAVAILABLE');
    expect(await locationsOf(object.id)).toEqual(['fs-a', 'fs-b']);

    fixture.backend('fs-c').faults = {};
    expect(await maintenance.repair(need)).toMatchObject({ status: 'repaired', detail: expect.stringContaining('on fs-c') });
    expect(await locationsOf(object.id)).toEqual(['fs-a', 'fs-b', 'fs-c']);
    expect((await fixture.holders(object.id)).sort()).toEqual(['fs-a', 'fs-b', 'fs-c']);
    expect(await maintenance.repair(need)).toMatchObject({ status: 'nothing-to-do' });
  });

  it('records what it could place when other targets fail', async () => {
    fixture = await createStoreFixture({ backends: { 'fs-a': 'a', 'fs-b': 'b', 'fs-c': 'c' }, policy: { copies: 3, writeQuorum: 1 } });
    fixture.backend('fs-b').faults = { down: true };
    fixture.backend('fs-c').faults = { down: true };
    const { object } = await put();
    fixture.backend('fs-b').faults = {};
    await expectStorageError(fixture.maintenance().completePlacement(object.id), 'UNAVAILABLE');
    expect(await locationsOf(object.id)).toEqual(['fs-a', 'fs-b']);
  });

  it('says the object is under-replicated when its missing copies have no jurisdiction to go to', async () => {
    fixture = await createStoreFixture();
    fixture.backend('fs-c').faults = { down: true };
    const { object } = await put();
    const withoutC = new ReplicaMaintenance({
      backends: [fixture.backend('fs-a'), fixture.backend('fs-b')],
      placements: fixture.placements,
      repairs: fixture.repairs,
      locks: { withLock: (_id, critical) => critical() },
      orphanGraceMs: 0,
    });
    expect(await withoutC.completePlacement(object.id)).toMatchObject({ status: 'under-replicated', copies: 2, wanted: 3 });
  });
});

describe('removing an orphan', () => {
  it('removes an unreferenced copy older than the grace period, and only then', async () => {
    fixture = await createStoreFixture();
    const orphan = randomObject(50_000);
    await fixture.backend('fs-a').put(orphan.id, streamOf(orphan.bytes), { size: 50_000 });
    const need: RepairNeed = { kind: 'remove-orphan', backendId: 'fs-a', key: orphan.id };

    expect(await fixture.maintenance({ orphanGraceMs: HOUR }).repair(need)).toMatchObject({ status: 'deferred' });
    expect(await fixture.holders(orphan.id)).toEqual(['fs-a']);

    const later = fixture.maintenance({ orphanGraceMs: HOUR, now: () => new Date(Date.now() + 2 * HOUR) });
    expect(await later.repair(need)).toMatchObject({ status: 'repaired' });
    expect(await fixture.holders(orphan.id)).toEqual([]);
    expect(await later.repair(need)).toMatchObject({ status: 'nothing-to-do' });
  });

  it('keeps a referenced copy, however old', async () => {
    fixture = await createStoreFixture();
    const { object } = await put();
    const later = fixture.maintenance({ orphanGraceMs: HOUR, now: () => new Date(Date.now() + 2 * HOUR) });
    expect(await later.removeOrphan('fs-b', object.id)).toMatchObject({ status: 'nothing-to-do' });
    expect(await fixture.holders(object.id)).toHaveLength(3);
  });

  it('waits for a write of the same object in progress, then keeps the copy that write recorded', async () => {
    fixture = await createStoreFixture();
    const object = randomObject(200_000);
    const upload = pausableStream(object.bytes, 100_000);
    const writing = fixture.store.put(object.id, upload.stream, 200_000);
    await upload.paused;
    // The write holds the lock: the collection must wait for it rather than look at the backend now.
    const collecting = fixture.maintenance().removeOrphan('fs-a', object.id);
    upload.resume();
    await writing;
    expect(await collecting).toMatchObject({ status: 'nothing-to-do', detail: expect.stringContaining('is referenced') });
    expect(await fixture.holders(object.id)).toHaveLength(3);
  });
});

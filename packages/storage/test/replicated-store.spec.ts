import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InMemoryPlacementStore } from '../src/placement.js';
import { ReplicatedStore } from '../src/replicated/replicated-store.js';
import { failingStream, randomObject, readAll, sameBytes, sha256Hex, streamOf } from './support/bytes.js';
import { expectStorageError } from './support/expect-storage-error.js';
import { RecordingRepairQueue } from './support/recording-repair-queue.js';
import { type StoreFixture, TEST_BLOCK_SIZE, createStoreFixture } from './support/store-fixture.js';

describe('replicated store', () => {
  let fixture: StoreFixture;
  beforeEach(async () => {
    fixture = await createStoreFixture();
  });
  afterEach(async () => {
    await fixture.dispose();
  });

  it('writes one copy per jurisdiction and records where, with block hashes', async () => {
    const object = randomObject(10 * TEST_BLOCK_SIZE + 123);
    const receipt = await fixture.store.put(object.id, streamOf(object.bytes, 5_000), object.bytes.length);
    expect(receipt.alreadyStored).toBe(false);
    expect(receipt.failures).toEqual([]);
    const { placement } = receipt;
    expect(placement.locations.map((location) => location.jurisdiction).sort()).toEqual(['dev-a', 'dev-b', 'dev-c']);
    expect(placement.shards).toHaveLength(1);
    expect(placement.shards[0]!.blockHashes.length).toBe(11 * 32);
    expect((await fixture.holders(object.id)).sort()).toEqual(['fs-a', 'fs-b', 'fs-c']);
    expect(await fixture.placements.get(object.id)).toEqual(placement);
    expect(fixture.repairs.needs).toEqual([]);
  });

  it('reads back whole objects and any byte range, across block boundaries', async () => {
    const object = randomObject(7 * TEST_BLOCK_SIZE + 5);
    await fixture.store.put(object.id, streamOf(object.bytes), object.bytes.length);
    const whole = await fixture.store.get(object.id);
    expect(sha256Hex(await readAll(whole.body))).toBe(object.id);
    const size = object.bytes.length;
    for (const range of [
      { offset: 0, length: 1 },
      { offset: size - 1, length: 1 },
      { offset: TEST_BLOCK_SIZE - 1, length: 2 },
      { offset: 3 * TEST_BLOCK_SIZE, length: TEST_BLOCK_SIZE },
      { offset: 12_345, length: 5 * TEST_BLOCK_SIZE },
    ]) {
      const read = await fixture.store.get(object.id, { range });
      expect(read.range).toEqual(range);
      const bytes = await readAll(read.body);
      expect(sameBytes(bytes, object.bytes.subarray(range.offset, range.offset + range.length)), JSON.stringify(range)).toBe(true);
    }
  });

  it('reads back whole objects and ranges with its hashing workers reading the copies themselves', async () => {
    const workerReads = await createStoreFixture({ workerFileReads: true });
    try {
      const object = randomObject(9 * TEST_BLOCK_SIZE + 17);
      await workerReads.store.put(object.id, streamOf(object.bytes), object.bytes.length);
      expect(sha256Hex(await readAll((await workerReads.store.get(object.id)).body))).toBe(object.id);
      const range = { offset: TEST_BLOCK_SIZE + 3, length: 6 * TEST_BLOCK_SIZE };
      const bytes = await readAll((await workerReads.store.get(object.id, { range })).body);
      expect(sameBytes(bytes, object.bytes.subarray(range.offset, range.offset + range.length))).toBe(true);
    } finally {
      await workerReads.dispose();
    }
  });

  it('stores and reads an empty object', async () => {
    const empty = randomObject(0);
    await fixture.store.put(empty.id, streamOf(empty.bytes), 0);
    expect((await readAll((await fixture.store.get(empty.id)).body)).length).toBe(0);
  });

  it('refuses ranges outside the object, unknown objects and malformed ids', async () => {
    const object = randomObject(100);
    await fixture.store.put(object.id, streamOf(object.bytes), 100);
    await expectStorageError(fixture.store.get(object.id, { range: { offset: 99, length: 2 } }), 'INVALID_INPUT');
    await expectStorageError(fixture.store.get(object.id, { range: { offset: 0, length: 0 } }), 'INVALID_INPUT');
    await expectStorageError(fixture.store.get(randomObject(1).id), 'NOT_FOUND');
    await expectStorageError(fixture.store.get('not-an-id'), 'INVALID_INPUT');
    await expectStorageError(fixture.store.put('../escape', streamOf(object.bytes), 100), 'INVALID_INPUT');
  });

  it('refuses a body that does not match its id, and keeps nothing of it', async () => {
    const object = randomObject(50_000);
    const impostor = randomObject(50_000);
    await expectStorageError(fixture.store.put(object.id, streamOf(impostor.bytes), 50_000), 'INTEGRITY');
    await expectStorageError(fixture.store.put(object.id, streamOf(object.bytes), 50_001), 'INTEGRITY');
    expect(fixture.placements.objectIds()).toEqual([]);
    expect(await fixture.holders(object.id)).toEqual([]);
    expect(await fixture.temporaryFiles()).toEqual([]);
    // The uploader's mistake says nothing about the backends.
    expect(fixture.health.snapshot().every((standing) => standing.consecutiveFailures === 0)).toBe(true);
  });

  it('blames the body, not the backends, when the upload fails midway', async () => {
    const object = randomObject(100_000);
    const error = await expectStorageError(fixture.store.put(object.id, failingStream(object.bytes, 40_000), 100_000), 'ABORTED');
    expect(error.message).toContain('body');
    expect(fixture.placements.objectIds()).toEqual([]);
    expect(await fixture.holders(object.id)).toEqual([]);
    expect(await fixture.temporaryFiles()).toEqual([]);
    expect(fixture.store.health.snapshot().every((standing) => standing.consecutiveFailures === 0)).toBe(true);
  });

  it('deletes an object and all its copies; deleting again is harmless', async () => {
    const object = randomObject(30_000);
    await fixture.store.put(object.id, streamOf(object.bytes), 30_000);
    await fixture.store.delete(object.id);
    await expectStorageError(fixture.store.get(object.id), 'NOT_FOUND');
    expect(await fixture.holders(object.id)).toEqual([]);
    await fixture.store.delete(object.id);
    expect(fixture.repairs.needs).toEqual([]);
  });

  it('deletes only if the condition, asked under the lock, still holds', async () => {
    const object = randomObject(30_000);
    await fixture.store.put(object.id, streamOf(object.bytes), 30_000);

    await expect(fixture.store.delete(object.id, { onlyIf: async () => false })).resolves.toBe(false);
    expect((await fixture.holders(object.id)).sort()).toEqual(['fs-a', 'fs-b', 'fs-c']);
    await expect(fixture.store.delete(object.id, { onlyIf: () => Promise.reject(new Error('references unknown')) })).rejects.toThrow(
      'references unknown',
    );
    expect(sha256Hex(await readAll((await fixture.store.get(object.id)).body))).toBe(object.id);

    // A write of the same object waits for the check: the condition sees the world before it.
    let release!: () => void;
    const checking = new Promise<void>((resolve) => (release = resolve));
    let writeDone = false;
    const deleting = fixture.store.delete(object.id, {
      onlyIf: async () => {
        await checking;
        return !writeDone;
      },
    });
    const writing = fixture.store.put(object.id, streamOf(object.bytes), 30_000).then((receipt) => {
      writeDone = true;
      return receipt;
    });
    release();
    await expect(deleting).resolves.toBe(true);
    expect((await writing).alreadyStored).toBe(false);
    expect(sha256Hex(await readAll((await fixture.store.get(object.id)).body))).toBe(object.id);
    await expect(fixture.store.delete(randomObject(1).id, { onlyIf: async () => true })).resolves.toBe(false);
  });

  it('reports copies it could not delete as orphans, after unreferencing the object', async () => {
    const object = randomObject(30_000);
    await fixture.store.put(object.id, streamOf(object.bytes), 30_000);
    fixture.backend('fs-b').faults = { down: true };
    await fixture.store.delete(object.id);
    await expectStorageError(fixture.store.stat(object.id), 'NOT_FOUND');
    expect(fixture.repairs.needs).toEqual([{ kind: 'remove-orphan', backendId: 'fs-b', key: object.id }]);
    expect(await fixture.holders(object.id)).toEqual(['fs-b']);
  });

  it('writes an object once when it is put again, without reading the new body', async () => {
    const object = randomObject(20_000);
    const first = await fixture.store.put(object.id, streamOf(object.bytes), 20_000);
    // A body that would fail if read: an already stored object must not need it.
    const second = await fixture.store.put(object.id, failingStream(object.bytes, 0), 20_000);
    expect(second.alreadyStored).toBe(true);
    expect(second.placement).toEqual(first.placement);
  });

  it('serialises concurrent writes of one object: one write, the rest see it stored, no corruption', async () => {
    const object = randomObject(300_000);
    const receipts = await Promise.all(
      [1_000, 16_384, 65_536, 300_000].map((chunkSize) => fixture.store.put(object.id, streamOf(object.bytes, chunkSize), 300_000)),
    );
    expect(receipts.filter((receipt) => !receipt.alreadyStored)).toHaveLength(1);
    expect((await fixture.holders(object.id)).sort()).toEqual(['fs-a', 'fs-b', 'fs-c']);
    expect(sha256Hex(await readAll((await fixture.store.get(object.id)).body))).toBe(object.id);
    for (const backend of fixture.backends.values()) {
      expect(sha256Hex(await readAll((await backend.inner.get(object.id)).body))).toBe(object.id);
    }
    expect(await fixture.temporaryFiles()).toEqual([]);
  });

  it('keeps a concurrent good write intact when another write of the same object fails', async () => {
    const object = randomObject(200_000);
    // The failing write holds the object first; its cleanup must not touch what the good one writes.
    const failing = fixture.store.put(object.id, failingStream(object.bytes, 150_000), 200_000);
    const good = fixture.store.put(object.id, streamOf(object.bytes), 200_000);
    await expectStorageError(failing, 'ABORTED');
    const receipt = await good;
    expect(receipt.alreadyStored).toBe(false);
    expect(receipt.placement.locations).toHaveLength(3);
    expect((await fixture.holders(object.id)).sort()).toEqual(['fs-a', 'fs-b', 'fs-c']);
    expect(sha256Hex(await readAll((await fixture.store.get(object.id)).body))).toBe(object.id);
  });
});

describe('replicated store configuration', () => {
  const backend = (id: string, jurisdiction: string) => ({
    id,
    jurisdiction,
    put: () => Promise.reject(new Error('unused')),
    get: () => Promise.reject(new Error('unused')),
    head: () => Promise.reject(new Error('unused')),
    delete: () => Promise.reject(new Error('unused')),
    list: () => Promise.reject(new Error('unused')),
  });
  const common = { placements: new InMemoryPlacementStore(), repairs: new RecordingRepairQueue() };

  it('refuses a policy the backends cannot satisfy', () => {
    const twoJurisdictions = [backend('a1', 'a'), backend('a2', 'a'), backend('b1', 'b')];
    expect(() => new ReplicatedStore({ ...common, backends: twoJurisdictions, policy: { copies: 3, writeQuorum: 2 } })).toThrow(
      /3 copies need 3 jurisdictions; the backends span 2/,
    );
    expect(() => new ReplicatedStore({ ...common, backends: twoJurisdictions, policy: { copies: 2, writeQuorum: 3 } })).toThrow(
      /writeQuorum <= copies/,
    );
    expect(() => new ReplicatedStore({ ...common, backends: [backend('a', 'a'), backend('a', 'b')], policy: { copies: 1, writeQuorum: 1 } })).toThrow(
      /unique/,
    );
    expect(() => new ReplicatedStore({ ...common, backends: twoJurisdictions, policy: { copies: 2, writeQuorum: 1 } })).not.toThrow();
  });
});

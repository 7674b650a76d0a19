// The failures the store exists to survive, injected on loopback: backends that die or hang in the
// middle of a write, a flipped bit on disk, a whole jurisdiction gone, too few backends left, and
// a backend too slow to wait for.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { objectPath } from '../src/fs/layout.js';
import { BlockHashWorkers } from '../src/replicated/block-hash-workers.js';
import { randomObject, readAll, sameBytes, sha256Hex, streamOf } from './support/bytes.js';
import { expectStorageError } from './support/expect-storage-error.js';
import { type StoreFixture, TEST_BLOCK_SIZE, createStoreFixture } from './support/store-fixture.js';

let fixture: StoreFixture;
afterEach(async () => {
  await fixture.dispose();
});

/** Flips one bit of the copy of `objectId` on `backendId`, at `offset`. */
async function flipBit(backendId: string, objectId: string, offset: number): Promise<void> {
  const file = objectPath(fixture.rootOf(backendId), objectId);
  const bytes = await readFile(file);
  bytes[offset]! ^= 0x04;
  await writeFile(file, bytes);
}

describe('a backend that fails in the middle of a write', () => {
  it('dies midway: the write succeeds on the quorum, nothing is left on it, and repair is asked for the missing copy', async () => {
    fixture = await createStoreFixture();
    fixture.backend('fs-b').faults = { failPutAfterBytes: 100_000 };
    const object = randomObject(300_000);
    const receipt = await fixture.store.put(object.id, streamOf(object.bytes), 300_000);
    expect(receipt.placement.locations.map((location) => location.backendId).sort()).toEqual(['fs-a', 'fs-c']);
    expect(receipt.failures).toEqual([expect.objectContaining({ backendId: 'fs-b', code: 'UNAVAILABLE' })]);
    expect(fixture.repairs.needs).toEqual([{ kind: 'complete-placement', objectId: object.id, missing: 1 }]);
    expect((await fixture.holders(object.id)).sort()).toEqual(['fs-a', 'fs-c']);
    expect(await fixture.temporaryFiles()).toEqual([]);
    expect(sha256Hex(await readAll((await fixture.store.get(object.id)).body))).toBe(object.id);
    expect(fixture.health.isHealthy('fs-b')).toBe(false);
  });

  it('hangs midway: it is abandoned after the stall timeout and the write succeeds without it', async () => {
    fixture = await createStoreFixture({ timing: { writeStallMs: 200, commitTimeoutMs: 10_000 } });
    fixture.backend('fs-a').faults = { hangPutAfterBytes: 50_000 };
    // Larger than what the fan-out buffers for a branch, so that the hang holds up the body.
    const object = randomObject(3 * 1024 * 1024);
    const started = performance.now();
    const receipt = await fixture.store.put(object.id, streamOf(object.bytes), object.bytes.length);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(receipt.placement.locations.map((location) => location.backendId).sort()).toEqual(['fs-b', 'fs-c']);
    expect(receipt.failures).toEqual([expect.objectContaining({ backendId: 'fs-a', code: 'ABORTED' })]);
    expect(await fixture.holders(object.id)).not.toContain('fs-a');
    expect(await fixture.temporaryFiles()).toEqual([]);
    expect(fixture.health.isHealthy('fs-a')).toBe(false);
  });

  it('hangs after taking the whole body: it is abandoned once the commit timeout has passed', async () => {
    fixture = await createStoreFixture({ timing: { writeStallMs: 10_000, commitTimeoutMs: 300 } });
    fixture.backend('fs-c').faults = { hangPutAfterBytes: 100_000 };
    const object = randomObject(100_000);
    const started = performance.now();
    const receipt = await fixture.store.put(object.id, streamOf(object.bytes), 100_000);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(receipt.placement.locations.map((location) => location.backendId).sort()).toEqual(['fs-a', 'fs-b']);
    expect(receipt.failures).toEqual([expect.objectContaining({ backendId: 'fs-c', code: 'ABORTED' })]);
    expect(await fixture.temporaryFiles()).toEqual([]);
  });

  it('stays out of new writes while it cools down', async () => {
    fixture = await createStoreFixture({ timing: { writeStallMs: 5_000, commitTimeoutMs: 5_000 } });
    // Hangs on every write: if it were chosen, the write would wait out a 5 s timeout.
    fixture.backend('fs-a').faults = { hangPutAfterBytes: 0 };
    fixture.health.recordFailure('fs-a');
    const object = randomObject(50_000);
    const started = performance.now();
    const receipt = await fixture.store.put(object.id, streamOf(object.bytes), 50_000);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(receipt.failures).toEqual([]);
    expect(receipt.placement.locations.map((location) => location.backendId).sort()).toEqual(['fs-b', 'fs-c']);
    expect(fixture.repairs.needs).toContainEqual({ kind: 'complete-placement', objectId: object.id, missing: 1 });
  });
});

describe('a flipped bit in one stored copy', () => {
  it.each([
    ['the store reads, workers hash', false],
    ['workers read and hash', true],
  ])('is caught by its block hash (%s): the read fails over midway and returns the right bytes, and repair is asked', async (_, workerFileReads) => {
    fixture = await createStoreFixture({ workerFileReads });
    const object = randomObject(20 * TEST_BLOCK_SIZE);
    await fixture.store.put(object.id, streamOf(object.bytes), object.bytes.length);
    // fs-a is read first (healthy, listed first); damage it in block 13 of 20.
    await flipBit('fs-a', object.id, 13 * TEST_BLOCK_SIZE + 77);
    const read = await fixture.store.get(object.id);
    expect(sha256Hex(await readAll(read.body))).toBe(object.id);
    expect(fixture.repairs.needs).toEqual([
      expect.objectContaining({ kind: 'replace-copy', objectId: object.id, backendId: 'fs-a', reason: 'corrupt', shard: 0 }),
    ]);
    // A corrupt copy is a data problem, not a sick backend.
    expect(fixture.health.isHealthy('fs-a')).toBe(true);
  });

  it('is caught by ranged reads that cover it, and only by those', async () => {
    fixture = await createStoreFixture();
    const object = randomObject(8 * TEST_BLOCK_SIZE);
    const { locations } = (await fixture.store.put(object.id, streamOf(object.bytes), object.bytes.length)).placement;
    // Damage whichever copy the store will try first, so that the damage cannot go unread.
    const firstChoice = (): string => fixture.health.rank(locations, (location) => location.backendId)[0]!.backendId;
    const damagedCopy = firstChoice();
    await flipBit(damagedCopy, object.id, 5 * TEST_BLOCK_SIZE + 1);
    const clean = { offset: TEST_BLOCK_SIZE, length: 2 * TEST_BLOCK_SIZE };
    const cleanBytes = await readAll((await fixture.store.get(object.id, { range: clean })).body);
    expect(sameBytes(cleanBytes, object.bytes.subarray(clean.offset, clean.offset + clean.length))).toBe(true);
    expect(fixture.repairs.needs).toEqual([]);
    // Make the other copies look slow, so that the damaged one is tried first again.
    for (const { backendId } of locations) if (backendId !== damagedCopy) fixture.health.recordLatency(backendId, 1_000);
    expect(firstChoice()).toBe(damagedCopy);
    const damaged = { offset: 5 * TEST_BLOCK_SIZE, length: 10 };
    const damagedBytes = await readAll((await fixture.store.get(object.id, { range: damaged })).body);
    expect(sameBytes(damagedBytes, object.bytes.subarray(damaged.offset, damaged.offset + 10))).toBe(true);
    expect(fixture.repairs.needs).toEqual([expect.objectContaining({ backendId: damagedCopy, reason: 'corrupt' })]);
  });

  it('in every copy makes the read fail loudly rather than return wrong bytes', async () => {
    fixture = await createStoreFixture();
    const object = randomObject(4 * TEST_BLOCK_SIZE);
    await fixture.store.put(object.id, streamOf(object.bytes), object.bytes.length);
    for (const backendId of ['fs-a', 'fs-b', 'fs-c']) await flipBit(backendId, object.id, 0);
    const error = await expectStorageError(fixture.store.get(object.id), 'UNAVAILABLE');
    expect(error.failures.map((failure) => failure.code)).toEqual(['INTEGRITY', 'INTEGRITY', 'INTEGRITY']);
    expect(fixture.repairs.needs).toHaveLength(3);
  });

  it('makes a truncated copy count as corrupt too', async () => {
    fixture = await createStoreFixture();
    const object = randomObject(4 * TEST_BLOCK_SIZE);
    await fixture.store.put(object.id, streamOf(object.bytes), object.bytes.length);
    await writeFile(objectPath(fixture.rootOf('fs-a'), object.id), object.bytes.subarray(0, 3 * TEST_BLOCK_SIZE));
    expect(sha256Hex(await readAll((await fixture.store.get(object.id)).body))).toBe(object.id);
    expect(fixture.repairs.needs).toEqual([expect.objectContaining({ backendId: 'fs-a', reason: 'corrupt' })]);
  });
});

describe('all backends of one jurisdiction lost', () => {
  const twoInDevA = { 'fs-a1': 'dev-a', 'fs-a2': 'dev-a', 'fs-b': 'dev-b', 'fs-c': 'dev-c' };

  it('when unreachable: every object still reads, and new writes still reach the quorum', async () => {
    fixture = await createStoreFixture({ backends: twoInDevA });
    const objects = [randomObject(40_000), randomObject(70_000), randomObject(1)];
    for (const object of objects) await fixture.store.put(object.id, streamOf(object.bytes), object.bytes.length);
    fixture.backend('fs-a1').faults = { down: true };
    fixture.backend('fs-a2').faults = { down: true };
    for (const object of objects) {
      expect(sha256Hex(await readAll((await fixture.store.get(object.id)).body))).toBe(object.id);
    }
    const fresh = randomObject(30_000);
    const receipt = await fixture.store.put(fresh.id, streamOf(fresh.bytes), 30_000);
    expect(receipt.placement.locations.map((location) => location.jurisdiction).sort()).toEqual(['dev-b', 'dev-c']);
  });

  it('when seized and wiped: every object still reads, and each lost copy is reported as missing', async () => {
    fixture = await createStoreFixture({ backends: twoInDevA });
    const objects = [randomObject(40_000), randomObject(70_000)];
    for (const object of objects) await fixture.store.put(object.id, streamOf(object.bytes), object.bytes.length);
    await rm(fixture.rootOf('fs-a1'), { recursive: true, force: true });
    await rm(fixture.rootOf('fs-a2'), { recursive: true, force: true });
    for (const object of objects) {
      expect(sha256Hex(await readAll((await fixture.store.get(object.id)).body))).toBe(object.id);
    }
    const missing = fixture.repairs.needs.filter((need) => need.kind === 'replace-copy' && need.reason === 'missing');
    expect(missing.map((need) => (need.kind === 'replace-copy' ? need.objectId : '')).sort()).toEqual(objects.map((object) => object.id).sort());
  });
});

describe('fewer backends available than the write quorum', () => {
  it('fails cleanly: QUORUM_NOT_REACHED, nothing referenced, no copy and no temporary file left', async () => {
    fixture = await createStoreFixture();
    fixture.backend('fs-a').faults = { down: true };
    fixture.backend('fs-c').faults = { failPutAfterBytes: 60_000 };
    const object = randomObject(300_000);
    const error = await expectStorageError(fixture.store.put(object.id, streamOf(object.bytes), 300_000), 'QUORUM_NOT_REACHED');
    expect(error.failures.map((failure) => failure.backendId).sort()).toEqual(['fs-a', 'fs-b', 'fs-c']);
    expect(fixture.placements.objectIds()).toEqual([]);
    await expectStorageError(fixture.store.get(object.id), 'NOT_FOUND');
    expect(await fixture.holders(object.id)).toEqual([]);
    expect(await fixture.temporaryFiles()).toEqual([]);
  });

  it('deletes copies that did complete when the quorum was missed, even one whose acknowledgement was lost', async () => {
    fixture = await createStoreFixture({ policy: { copies: 3, writeQuorum: 3 } });
    fixture.backend('fs-b').faults = { failPutAfterCommit: true };
    const object = randomObject(100_000);
    await expectStorageError(fixture.store.put(object.id, streamOf(object.bytes), 100_000), 'QUORUM_NOT_REACHED');
    expect(fixture.placements.objectIds()).toEqual([]);
    expect(await fixture.holders(object.id)).toEqual([]);
    expect(await fixture.temporaryFiles()).toEqual([]);
  });

  it('reports a completed copy it cannot delete as an orphan', async () => {
    fixture = await createStoreFixture({ policy: { copies: 3, writeQuorum: 3 } });
    fixture.backend('fs-b').faults = { failPutAfterBytes: 90_000 };
    const object = randomObject(100_000);
    const backendA = fixture.backend('fs-a');
    const deleteA = backendA.delete.bind(backendA);
    backendA.delete = async () => {
      throw new Error('fs-a went away before cleanup (injected)');
    };
    await expectStorageError(fixture.store.put(object.id, streamOf(object.bytes), 100_000), 'QUORUM_NOT_REACHED');
    backendA.delete = deleteA;
    const orphans = fixture.repairs.needs.filter((need) => need.kind === 'remove-orphan');
    // fs-a is reported only if it had completed its copy before the quorum was given up.
    expect(orphans).toEqual((await fixture.holders(object.id)).map((backendId) => ({ kind: 'remove-orphan', backendId, key: object.id })));
    expect(fixture.placements.objectIds()).toEqual([]);
  });
});

describe('a slow backend', () => {
  it('is hedged: the next copy is asked after the hedge delay and the read does not wait for the slow one', async () => {
    fixture = await createStoreFixture({ timing: { hedgeInitialMs: 50 } });
    const object = randomObject(6 * TEST_BLOCK_SIZE);
    await fixture.store.put(object.id, streamOf(object.bytes), object.bytes.length);
    const placement = await fixture.store.stat(object.id);
    const first = fixture.health.rank(placement.locations, (location) => location.backendId)[0]!.backendId;
    fixture.backend(first).faults = { getDelayMs: 3_000 };
    const started = performance.now();
    const read = await fixture.store.get(object.id);
    expect(sha256Hex(await readAll(read.body))).toBe(object.id);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(45);
    expect(elapsed).toBeLessThan(1_500);
    // The slow one is remembered as slow, and the next read starts elsewhere.
    expect(fixture.health.latencyMs(first)).toBeGreaterThanOrEqual(45);
    expect(fixture.health.rank(placement.locations, (location) => location.backendId)[0]!.backendId).not.toBe(first);
    expect(fixture.repairs.needs).toEqual([]);
  });

  it('that stalls in the middle of a read is abandoned for another copy from the same block on', async () => {
    fixture = await createStoreFixture({ timing: { readStallMs: 150 } });
    const object = randomObject(12 * TEST_BLOCK_SIZE);
    await fixture.store.put(object.id, streamOf(object.bytes), object.bytes.length);
    fixture.backend('fs-a').faults = { stallGetAfterBytes: 5 * TEST_BLOCK_SIZE + 100 };
    const started = performance.now();
    expect(sha256Hex(await readAll((await fixture.store.get(object.id)).body))).toBe(object.id);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(fixture.health.isHealthy('fs-a')).toBe(false);
  });

  it('that is down is skipped at once, without waiting for a hedge or a stall timeout', async () => {
    fixture = await createStoreFixture({ timing: { hedgeInitialMs: 5_000, readStallMs: 5_000 } });
    const object = randomObject(50_000);
    await fixture.store.put(object.id, streamOf(object.bytes), 50_000);
    fixture.backend('fs-a').faults = { down: true };
    fixture.backend('fs-b').faults = { down: true };
    const started = performance.now();
    expect(sha256Hex(await readAll((await fixture.store.get(object.id)).body))).toBe(object.id);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(fixture.repairs.needs).toEqual([]);
  });
});

describe('hashing that fails under a read', () => {
  it('fails the read with INTERNAL when a hashing worker crashes, at once, blaming no copy', async () => {
    const crashing = new BlockHashWorkers({
      threads: 1,
      workerSource: "process.getBuiltinModule('node:worker_threads').parentPort.on('message', () => { throw new Error('injected crash'); });",
    });
    try {
      fixture = await createStoreFixture({ hashing: crashing });
      const object = randomObject(20 * TEST_BLOCK_SIZE);
      await fixture.store.put(object.id, streamOf(object.bytes), object.bytes.length);
      // The first block is checked at once, on this thread; the crash comes with the next ones.
      const read = await fixture.store.get(object.id);
      const started = performance.now();
      const error = await readAll(read.body).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('injected crash') });
      expect(performance.now() - started).toBeLessThan(5_000);
      // Not the copies' fault: none is reported for repair or set aside as unhealthy.
      expect(fixture.repairs.needs).toEqual([]);
      expect(['fs-a', 'fs-b', 'fs-c'].map((id) => fixture.health.isHealthy(id))).toEqual([true, true, true]);
    } finally {
      await crashing.close();
    }
  });

  it('ends a read with ABORTED when the store is closed under it, blaming no copy', async () => {
    fixture = await createStoreFixture();
    const object = randomObject(3 * 1024 * 1024);
    await fixture.store.put(object.id, streamOf(object.bytes), object.bytes.length);
    const read = await fixture.store.get(object.id);
    await fixture.store.close();
    await expectStorageError(readAll(read.body), 'ABORTED');
    expect(fixture.repairs.needs).toEqual([]);
    expect(['fs-a', 'fs-b', 'fs-c'].map((id) => fixture.health.isHealthy(id))).toEqual([true, true, true]);
  });
});

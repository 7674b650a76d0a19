// Judging one copy: the scrub and repair must tell intact, damaged and unreachable apart exactly.
import { afterEach, describe, expect, it } from 'vitest';
import { checkCopy } from '../src/maintenance/check-copy.js';
import { randomObject, streamOf } from './support/bytes.js';
import { extendCopy, flipBit, loseCopy, truncateCopy } from './support/disk-damage.js';
import { type StoreFixture, createStoreFixture } from './support/store-fixture.js';

let fixture: StoreFixture;
afterEach(async () => {
  await fixture.dispose();
});

async function storedObject(size = 100_000) {
  fixture = await createStoreFixture();
  const object = randomObject(size);
  const { placement } = await fixture.store.put(object.id, streamOf(object.bytes), size);
  return { object, shard: placement.shards[0]! };
}

describe('checkCopy', () => {
  it('finds an intact copy intact, an empty object included', async () => {
    const { shard } = await storedObject();
    expect(await checkCopy(shard, fixture.backend('fs-a'), 300)).toEqual({ outcome: 'intact' });
    const empty = randomObject(0);
    const { placement } = await fixture.store.put(empty.id, streamOf(empty.bytes), 0);
    expect(await checkCopy(placement.shards[0]!, fixture.backend('fs-b'), 300)).toEqual({ outcome: 'intact' });
  });

  it('finds one flipped bit, and says in which block', async () => {
    const { object, shard } = await storedObject();
    await flipBit(fixture.rootOf('fs-b'), object.id, 40_000);
    expect(await checkCopy(shard, fixture.backend('fs-b'), 300)).toEqual({
      outcome: 'damaged',
      reason: 'corrupt',
      detail: 'block 2 on fs-b does not match its hash',
    });
  });

  it('finds a copy cut short, or grown, corrupt; a copy gone missing', async () => {
    const { object, shard } = await storedObject();
    await truncateCopy(fixture.rootOf('fs-a'), object.id, 99_999);
    await extendCopy(fixture.rootOf('fs-b'), object.id);
    await loseCopy(fixture.rootOf('fs-c'), object.id);
    expect(await checkCopy(shard, fixture.backend('fs-a'), 300)).toMatchObject({ outcome: 'damaged', reason: 'corrupt' });
    expect(await checkCopy(shard, fixture.backend('fs-b'), 300)).toMatchObject({ outcome: 'damaged', reason: 'corrupt' });
    expect(await checkCopy(shard, fixture.backend('fs-c'), 300)).toMatchObject({ outcome: 'damaged', reason: 'missing' });
  });

  it('calls a backend that is down, does not answer, or stalls midway unreachable, within the stall timeout', async () => {
    const { shard } = await storedObject();
    fixture.backend('fs-a').faults = { down: true };
    fixture.backend('fs-b').faults = { getDelayMs: 5_000 };
    fixture.backend('fs-c').faults = { stallGetAfterBytes: 20_000 };
    const started = performance.now();
    const checks = await Promise.all(['fs-a', 'fs-b', 'fs-c'].map((id) => checkCopy(shard, fixture.backend(id), 200)));
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(checks.map((check) => check.outcome)).toEqual(['unreachable', 'unreachable', 'unreachable']);
  });
});

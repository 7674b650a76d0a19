// Judging one copy: the scrub and repair must tell intact, damaged and unreachable apart exactly.
import { afterEach, describe, expect, it } from 'vitest';
import { checkCopy } from '../src/maintenance/check-copy.js';
import { type ShardDescriptor } from '../src/placement.js';
import { type BlockHashing, inlineBlockHashing } from '../src/replicated/block-hashing.js';
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

// The same judgements whether blocks are hashed on the calling thread or on the store's workers.
describe.each([
  ['on the calling thread', () => inlineBlockHashing],
  ["on the store's hashing workers", () => fixture.store.hashing],
] as const)('checkCopy, hashing %s', (_, hashing: () => BlockHashing) => {
  const check = (shard: ShardDescriptor, backendId: string, stallMs = 300) =>
    checkCopy(shard, fixture.backend(backendId), { stallMs, hashing: hashing() });

  it('finds an intact copy intact, an empty object included', async () => {
    const { shard } = await storedObject();
    expect(await check(shard, 'fs-a')).toEqual({ outcome: 'intact' });
    const empty = randomObject(0);
    const { placement } = await fixture.store.put(empty.id, streamOf(empty.bytes), 0);
    expect(await check(placement.shards[0]!, 'fs-b')).toEqual({ outcome: 'intact' });
  });

  it('finds one flipped bit, and says in which block', async () => {
    const { object, shard } = await storedObject();
    await flipBit(fixture.rootOf('fs-b'), object.id, 40_000);
    expect(await check(shard, 'fs-b')).toEqual({
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
    expect(await check(shard, 'fs-a')).toMatchObject({ outcome: 'damaged', reason: 'corrupt' });
    expect(await check(shard, 'fs-b')).toMatchObject({ outcome: 'damaged', reason: 'corrupt' });
    expect(await check(shard, 'fs-c')).toMatchObject({ outcome: 'damaged', reason: 'missing' });
  });

  it('calls a backend that is down, does not answer, or stalls midway unreachable, within the stall timeout', async () => {
    const { shard } = await storedObject();
    fixture.backend('fs-a').faults = { down: true };
    fixture.backend('fs-b').faults = { getDelayMs: 5_000 };
    fixture.backend('fs-c').faults = { stallGetAfterBytes: 20_000 };
    const started = performance.now();
    const checks = await Promise.all(['fs-a', 'fs-b', 'fs-c'].map((id) => check(shard, id, 200)));
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(checks.map((check) => check.outcome)).toEqual(['unreachable', 'unreachable', 'unreachable']);
  });
});

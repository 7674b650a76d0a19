import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { type ObjectBackend } from '../backend.js';
import { StorageError } from '../errors.js';
import { type ShardDescriptor } from '../placement.js';
import { BlockHashWorkers } from './block-hash-workers.js';
import { BlockHasher } from './block-hasher.js';
import { type BlockHashing, type HashedBlocks, inlineBlockHashing } from './block-hashing.js';
import { BlockSource } from './block-source.js';
import { type NextBlocks, VerifiedBlocks } from './verified-blocks.js';

const BLOCK = 1000;
const backend = { id: 'fs-test' } as ObjectBackend;

function shardOf(bytes: Uint8Array): ShardDescriptor {
  const hasher = new BlockHasher(BLOCK);
  hasher.update(bytes);
  return { index: 0, key: 'k'.repeat(64), size: bytes.length, blockSize: BLOCK, blockHashes: hasher.digest() };
}

/** A stream of `bytes` in `chunk`-byte pieces that errors after `failAfter` bytes, if given. */
function chunked(bytes: Uint8Array, chunk: number, failAfter?: number): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (failAfter !== undefined && offset >= failAfter) return controller.error(new Error('connection reset'));
        if (offset >= bytes.length) return controller.close();
        controller.enqueue(bytes.slice(offset, offset + chunk));
        offset += chunk;
      },
    },
    { highWaterMark: 0 },
  );
}

/** Everything `blocks` hands out until it stops, and how it stopped. */
async function drain(blocks: VerifiedBlocks): Promise<{ runs: { firstBlock: number; length: number }[]; bytes: Buffer; last: NextBlocks }> {
  const runs: { firstBlock: number; length: number }[] = [];
  const parts: Uint8Array[] = [];
  for (;;) {
    const next = await blocks.next();
    if (next.kind !== 'blocks') return { runs, bytes: Buffer.concat(parts), last: next };
    runs.push({ firstBlock: next.firstBlock, length: next.bytes.length });
    parts.push(next.bytes);
  }
}

const workers = new BlockHashWorkers({ threads: 2 });
afterAll(() => workers.close());

describe.each([
  ['on the calling thread', inlineBlockHashing],
  ['on worker threads', workers],
] as const)('VerifiedBlocks, hashing %s', (_, hashing: BlockHashing) => {
  it('hands out every block of the range, in batches, bytes unchanged', async () => {
    const bytes = new Uint8Array(randomBytes(10 * BLOCK + 123));
    const blocks = new VerifiedBlocks(new BlockSource(backend, chunked(bytes.subarray(2 * BLOCK), 700), 1_000), shardOf(bytes), 2, 10, hashing, {
      batchBytes: 3 * BLOCK,
    });
    const { runs, bytes: out, last } = await drain(blocks);
    expect(runs).toEqual([
      { firstBlock: 2, length: 3 * BLOCK },
      { firstBlock: 5, length: 3 * BLOCK },
      { firstBlock: 8, length: 2 * BLOCK + 123 },
    ]);
    expect(out.equals(bytes.subarray(2 * BLOCK))).toBe(true);
    expect(last).toEqual({ kind: 'end' });
  });

  it('hands out the blocks before a bad one, then says which block failed, and nothing after it', async () => {
    const bytes = new Uint8Array(randomBytes(9 * BLOCK));
    const shard = shardOf(bytes);
    const damaged = bytes.slice();
    damaged[4 * BLOCK + 10]! ^= 1;
    const blocks = new VerifiedBlocks(new BlockSource(backend, chunked(damaged, 4096), 1_000), shard, 0, 8, hashing, { batchBytes: 3 * BLOCK });
    const { runs, bytes: out, last } = await drain(blocks);
    expect(runs).toEqual([
      { firstBlock: 0, length: 3 * BLOCK },
      { firstBlock: 3, length: BLOCK },
    ]);
    expect(out.equals(bytes.subarray(0, 4 * BLOCK))).toBe(true);
    expect(last).toMatchObject({ kind: 'copy-failed', block: 4, detail: 'block 4 on fs-test does not match its hash', error: { code: 'INTEGRITY' } });
    // And it stays failed.
    expect(await blocks.next()).toBe(last);
  });

  it('fails a copy that ends early at the block where it ends, after handing out what came before', async () => {
    const bytes = new Uint8Array(randomBytes(6 * BLOCK));
    const blocks = new VerifiedBlocks(new BlockSource(backend, chunked(bytes.subarray(0, 4 * BLOCK + 500), 1024), 1_000), shardOf(bytes), 0, 5, hashing, {
      batchBytes: 2 * BLOCK,
    });
    const { runs, last } = await drain(blocks);
    expect(runs.map((run) => run.firstBlock)).toEqual([0, 2]);
    expect(last).toMatchObject({ kind: 'copy-failed', block: 4, error: { code: 'INTEGRITY', message: expect.stringContaining('shorter than recorded') } });
  });

  it('fails a copy whose stream breaks, or stalls, as UNAVAILABLE from the batch it was reading', async () => {
    const bytes = new Uint8Array(randomBytes(6 * BLOCK));
    const broken = new VerifiedBlocks(new BlockSource(backend, chunked(bytes, 1000, 3 * BLOCK), 1_000), shardOf(bytes), 0, 5, hashing, {
      batchBytes: 2 * BLOCK,
    });
    const brokenRead = await drain(broken);
    expect(brokenRead.runs.map((run) => run.firstBlock)).toEqual([0]);
    expect(brokenRead.last).toMatchObject({ kind: 'copy-failed', block: 2, error: { code: 'UNAVAILABLE' } });

    const silent = new ReadableStream<Uint8Array>({ pull: () => new Promise(() => undefined) });
    const stalled = new VerifiedBlocks(new BlockSource(backend, silent, 50), shardOf(bytes), 0, 5, hashing);
    expect(await stalled.next()).toMatchObject({ kind: 'copy-failed', block: 0, error: { code: 'UNAVAILABLE', message: expect.stringContaining('sent nothing for 50 ms') } });
  });
});

describe('VerifiedBlocks', () => {
  it('hands nothing out before its hash is known, and reads further batches meanwhile', async () => {
    const bytes = new Uint8Array(randomBytes(8 * BLOCK));
    const pending: { bytes: Uint8Array; release: () => void }[] = [];
    const heldBack: BlockHashing = {
      hashBlocks: (batch, blockSize) =>
        new Promise<HashedBlocks>((resolve) => {
          pending.push({ bytes: batch, release: () => void inlineBlockHashing.hashBlocks(batch, blockSize).then(resolve) });
        }),
    };
    const blocks = new VerifiedBlocks(new BlockSource(backend, chunked(bytes, 4096), 1_000), shardOf(bytes), 0, 7, heldBack, {
      batchBytes: 2 * BLOCK,
      batchesAhead: 3,
    });
    let settled = false;
    const first = blocks.next().then((next) => {
      settled = true;
      return next;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(settled).toBe(false);
    // Three batches were read and are being hashed; none was handed out.
    expect(pending.length).toBe(3);
    pending[1]!.release();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBe(false);
    pending[0]!.release();
    expect(await first).toMatchObject({ kind: 'blocks', firstBlock: 0 });
  });

  it('hands out a batch once it is hashed, without waiting for the reads started after it', async () => {
    const bytes = new Uint8Array(randomBytes(8 * BLOCK));
    let releaseThird!: () => void;
    const third = new Promise<void>((resolve) => (releaseThird = resolve));
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          const batch = pulls++;
          if (batch === 2) await third;
          if (batch * 2 * BLOCK >= bytes.length) return controller.close();
          controller.enqueue(bytes.slice(batch * 2 * BLOCK, (batch + 1) * 2 * BLOCK));
        },
      },
      { highWaterMark: 0 },
    );
    const blocks = new VerifiedBlocks(new BlockSource(backend, body, 5_000), shardOf(bytes), 0, 7, inlineBlockHashing, { batchBytes: 2 * BLOCK, batchesAhead: 4 });
    expect(await blocks.next()).toMatchObject({ kind: 'blocks', firstBlock: 0 });
    expect(await blocks.next()).toMatchObject({ kind: 'blocks', firstBlock: 2 });
    // The third batch is being read (held up here); the fourth waits for it, in order.
    expect(pulls).toBe(3);
    releaseThird();
    const { runs, bytes: rest, last } = await drain(blocks);
    expect(runs.map((run) => run.firstBlock)).toEqual([4, 6]);
    expect(rest.equals(bytes.subarray(4 * BLOCK))).toBe(true);
    expect(last).toEqual({ kind: 'end' });
  });

  it('reads nothing after a read that failed: the batches behind it fail with it', async () => {
    const bytes = new Uint8Array(randomBytes(8 * BLOCK));
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (pulls++ === 1) return controller.error(new Error('connection reset'));
          controller.enqueue(bytes.slice(0, 2 * BLOCK));
        },
      },
      { highWaterMark: 0 },
    );
    const blocks = new VerifiedBlocks(new BlockSource(backend, body, 5_000), shardOf(bytes), 0, 7, inlineBlockHashing, { batchBytes: 2 * BLOCK, batchesAhead: 4 });
    const { runs, last } = await drain(blocks);
    expect(runs.map((run) => run.firstBlock)).toEqual([0]);
    expect(last).toMatchObject({ kind: 'copy-failed', block: 2, error: { code: 'UNAVAILABLE' } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(pulls).toBe(2);
  });

  it('hands every batch out in a buffer of its own, which later reads never write to', async () => {
    const bytes = new Uint8Array(randomBytes(12 * BLOCK + 7));
    const blocks = new VerifiedBlocks(new BlockSource(backend, chunked(bytes, 900), 5_000), shardOf(bytes), 0, 12, workers, { batchBytes: 2 * BLOCK, batchesAhead: 2 });
    // A consumer that keeps every batch it was given until the end.
    const kept: { firstBlock: number; bytes: Uint8Array }[] = [];
    for (let next = await blocks.next(); next.kind === 'blocks'; next = await blocks.next()) kept.push({ firstBlock: next.firstBlock, bytes: next.bytes });
    expect(kept.map((batch) => batch.firstBlock)).toEqual([0, 2, 4, 6, 8, 10, 12]);
    for (const batch of kept) expect(Buffer.from(batch.bytes).equals(bytes.subarray(batch.firstBlock * BLOCK, batch.firstBlock * BLOCK + batch.bytes.length))).toBe(true);
    expect(new Set(kept.map((batch) => batch.bytes.buffer)).size).toBe(kept.length);
  });

  it('throws what hashing throws: a failure of the store, not of the copy', async () => {
    const bytes = new Uint8Array(randomBytes(4 * BLOCK));
    const crashed: BlockHashing = { hashBlocks: async () => Promise.reject(new StorageError('INTERNAL', 'a block hashing worker crashed')) };
    const blocks = new VerifiedBlocks(new BlockSource(backend, chunked(bytes, 4096), 1_000), shardOf(bytes), 0, 3, crashed);
    await expect(blocks.next()).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('reads straight into buffers of its own from a byte stream, and gathers any other stream into them', async () => {
    const bytes = new Uint8Array(randomBytes(3 * BLOCK));
    let offset = 0;
    const byteStream = new ReadableStream({
      type: 'bytes',
      pull(controller) {
        const request = controller.byobRequest!;
        const view = request.view!;
        const take = Math.min(view.byteLength, 777, bytes.length - offset);
        new Uint8Array(view.buffer, view.byteOffset, take).set(bytes.subarray(offset, offset + take));
        offset += take;
        request.respond(take);
        if (offset === bytes.length) controller.close();
      },
    });
    for (const body of [byteStream as ReadableStream<Uint8Array>, chunked(bytes, 300)]) {
      const read = await new BlockSource(backend, body, 1_000).read(2 * BLOCK);
      expect({ offset: read.byteOffset, length: read.length, buffer: read.buffer.byteLength }).toEqual({ offset: 0, length: 2 * BLOCK, buffer: 2 * BLOCK });
      expect(Buffer.from(read).equals(bytes.subarray(0, 2 * BLOCK))).toBe(true);
    }
  });
});

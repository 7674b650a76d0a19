import { randomBytes } from 'node:crypto';
import { type FileHandle, open, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDirectory, removeDirectory } from '../../test/support/temp-dirs.js';
import { type LocalFileRange, type ObjectBackend } from '../backend.js';
import { fileRangeStream } from '../fs/file-range-stream.js';
import { type ShardDescriptor } from '../placement.js';
import { BLOCK_HASH_WORKER_SOURCE } from './block-hash-worker-source.js';
import { BlockHashWorkers } from './block-hash-workers.js';
import { BlockHasher } from './block-hasher.js';
import { BlockSource } from './block-source.js';
import { type NextBlocks, VerifiedBlocks } from './verified-blocks.js';

/**
 * VerifiedBlocks over a local file whose batches the hashing workers read themselves
 * (`ObjectRead.localFile`), spread over two workers.
 */
const BLOCK = 4096;
const backend = { id: 'fs-test' } as ObjectBackend;

/**
 * The real worker, but one that first waits `ms` on file jobs at byte `position` (a slow disk, or a
 * busy core), or does `then` there instead: crash, or hang as a read stuck in a hung disk does.
 */
function workerSource(position: number, then: { waitMs: number } | 'exit' | 'hang'): string {
  const act =
    then === 'exit'
      ? 'process.exit(9)'
      : `Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${then === 'hang' ? 60_000 : then.waitMs})`;
  return `
    const port = process.getBuiltinModule('node:worker_threads').parentPort;
    const on = port.on.bind(port);
    port.on = (event, listener) => on(event, (job) => { if (job.fd !== undefined && job.position === ${position}) { ${act}; } listener(job); });
    ${BLOCK_HASH_WORKER_SOURCE}`;
}

function shardOf(bytes: Uint8Array): ShardDescriptor {
  const hasher = new BlockHasher(BLOCK);
  hasher.update(bytes);
  return { index: 0, key: 'k'.repeat(64), size: bytes.length, blockSize: BLOCK, blockHashes: hasher.digest() };
}

let directory: string;
let handles: FileHandle[] = [];
let pool: BlockHashWorkers | undefined;
beforeAll(async () => {
  directory = await makeTempDirectory('file-blocks');
});
afterAll(() => removeDirectory(directory));
afterEach(async () => {
  await pool?.close();
  pool = undefined;
  await Promise.all(handles.map((handle) => handle.close().catch(() => undefined)));
  handles = [];
});

/** `bytes` in a file of their own, opened as the filesystem backend opens a copy. */
async function openCopy(bytes: Uint8Array): Promise<{ handle: FileHandle; localFile: LocalFileRange; body: ReadableStream<Uint8Array> }> {
  const file = path.join(directory, randomBytes(8).toString('hex'));
  await writeFile(file, bytes);
  const handle = await open(file, 'r');
  handles.push(handle);
  return { handle, localFile: { fd: handle.fd, start: 0, end: bytes.length }, body: fileRangeStream(handle, 0, bytes.length, BLOCK) };
}

async function drain(blocks: VerifiedBlocks): Promise<{ runs: number[]; bytes: Buffer; last: NextBlocks }> {
  const runs: number[] = [];
  const parts: Uint8Array[] = [];
  for (;;) {
    const next = await blocks.next();
    if (next.kind !== 'blocks') return { runs, bytes: Buffer.concat(parts), last: next };
    runs.push(next.firstBlock);
    parts.push(next.bytes);
  }
}

describe('VerifiedBlocks reading a local file on two hashing workers', () => {
  it('reads the file on the workers, and hands batches out in order when the second finishes first', async () => {
    const bytes = new Uint8Array(randomBytes(9 * BLOCK + 100));
    const copy = await openCopy(bytes);
    // The first batch (blocks 0-1) is held up for 300 ms on its worker; the second worker goes on.
    pool = new BlockHashWorkers({ threads: 2, workerSource: workerSource(0, { waitMs: 300 }) });
    const source = new BlockSource(backend, copy.body, 5_000, copy.localFile);
    expect(source.readsFileWith(pool)).toBe(true);
    const blocks = new VerifiedBlocks(source, shardOf(bytes), 0, 9, pool, { batchBytes: 2 * BLOCK, batchesAhead: 4 });
    const { runs, bytes: out, last } = await drain(blocks);
    expect(runs).toEqual([0, 2, 4, 6, 8]);
    expect(out.equals(bytes)).toBe(true);
    expect(last).toEqual({ kind: 'end' });
    expect(pool.runningThreads).toBe(2);
  });

  it('fails at block k of a batch on the second worker, after handing out every block before k', async () => {
    const bytes = new Uint8Array(randomBytes(8 * BLOCK));
    const shard = shardOf(bytes);
    const damaged = bytes.slice();
    damaged[3 * BLOCK + 7]! ^= 1;
    const copy = await openCopy(damaged);
    // Blocks 2-3 go to the second worker and are hashed long before blocks 0-1.
    pool = new BlockHashWorkers({ threads: 2, workerSource: workerSource(0, { waitMs: 300 }) });
    const blocks = new VerifiedBlocks(new BlockSource(backend, copy.body, 5_000, copy.localFile), shard, 0, 7, pool, { batchBytes: 2 * BLOCK });
    const { runs, bytes: out, last } = await drain(blocks);
    expect(runs).toEqual([0, 2]);
    expect(out.equals(bytes.subarray(0, 3 * BLOCK))).toBe(true);
    expect(last).toMatchObject({ kind: 'copy-failed', block: 3, error: { code: 'INTEGRITY' }, detail: 'block 3 on fs-test does not match its hash' });
  });

  it('fails a file shorter than recorded as INTEGRITY at the batch where it ends', async () => {
    const bytes = new Uint8Array(randomBytes(6 * BLOCK));
    const copy = await openCopy(bytes.subarray(0, 4 * BLOCK + 10));
    pool = new BlockHashWorkers({ threads: 2 });
    // The backend said the range was whole: the file was cut short on disk afterwards.
    const localFile = { ...copy.localFile, end: bytes.length };
    const blocks = new VerifiedBlocks(new BlockSource(backend, copy.body, 5_000, localFile), shardOf(bytes), 0, 5, pool, { batchBytes: 2 * BLOCK });
    const { runs, last } = await drain(blocks);
    expect(runs).toEqual([0, 2]);
    expect(last).toMatchObject({ kind: 'copy-failed', block: 4, error: { code: 'INTEGRITY', message: expect.stringContaining('shorter than recorded') } });
  });

  it('throws INTERNAL when the worker reading a batch crashes, after the batches before it', async () => {
    const bytes = new Uint8Array(randomBytes(8 * BLOCK));
    const copy = await openCopy(bytes);
    pool = new BlockHashWorkers({ threads: 2, workerSource: workerSource(4 * BLOCK, 'exit') });
    const blocks = new VerifiedBlocks(new BlockSource(backend, copy.body, 5_000, copy.localFile), shardOf(bytes), 0, 7, pool, { batchBytes: 2 * BLOCK });
    expect(await blocks.next()).toMatchObject({ kind: 'blocks', firstBlock: 0 });
    expect(await blocks.next()).toMatchObject({ kind: 'blocks', firstBlock: 2 });
    await expect(blocks.next()).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('exited (code 9)') });
  });

  it('fails a read that hangs as UNAVAILABLE after the stall timeout, and replaces the stuck worker', async () => {
    const bytes = new Uint8Array(randomBytes(6 * BLOCK));
    const copy = await openCopy(bytes);
    pool = new BlockHashWorkers({ threads: 1, workerSource: workerSource(2 * BLOCK, 'hang') });
    const blocks = new VerifiedBlocks(new BlockSource(backend, copy.body, 200, copy.localFile), shardOf(bytes), 0, 5, pool, { batchBytes: 2 * BLOCK });
    const started = performance.now();
    const { runs, last } = await drain(blocks);
    expect(runs).toEqual([0]);
    expect(last).toMatchObject({ kind: 'copy-failed', block: 2, error: { code: 'UNAVAILABLE', message: expect.stringContaining('did not return within 200 ms') } });
    expect(performance.now() - started).toBeLessThan(5_000);
    // The stuck worker was dropped: the next job gets a fresh one.
    const again = await openCopy(bytes);
    const fresh = new VerifiedBlocks(new BlockSource(backend, again.body, 5_000, again.localFile), shardOf(bytes), 0, 1, pool, { batchBytes: 2 * BLOCK });
    expect(await fresh.next()).toMatchObject({ kind: 'blocks', firstBlock: 0 });
  });

  it('does not count the time before its worker is running against the stall timeout', async () => {
    const bytes = new Uint8Array(randomBytes(2 * BLOCK));
    const copy = await openCopy(bytes);
    pool = new BlockHashWorkers({ threads: 1 });
    const read = new BlockSource(backend, copy.body, 100, copy.localFile).readHashed(2 * BLOCK, BLOCK, pool);
    // This thread is busy for longer than the stall timeout while the worker starts (and does the
    // job). A timer started with the job would fire first, before this thread sees any reply.
    const until = performance.now() + 400;
    while (performance.now() < until);
    expect(await read).toMatchObject({ hashed: { bytes: expect.any(Uint8Array) } });
  });

  it('close() leaves the file open until the reads running on the workers have returned', async () => {
    const bytes = new Uint8Array(randomBytes(4 * BLOCK));
    const copy = await openCopy(bytes);
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({ cancel: () => void (cancelled = true) });
    pool = new BlockHashWorkers({ threads: 1, workerSource: workerSource(0, { waitMs: 300 }) });
    const source = new BlockSource(backend, body, 5_000, copy.localFile);
    const read = source.readHashed(2 * BLOCK, BLOCK, pool);
    source.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(cancelled).toBe(false);
    expect(await read).toMatchObject({ hashed: { bytes: expect.any(Uint8Array) } });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(cancelled).toBe(true);
    // Nothing more is read once closed.
    await expect(source.readHashed(BLOCK, BLOCK, pool)).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('reads the file on this thread when the hashing cannot read files', async () => {
    const bytes = new Uint8Array(randomBytes(3 * BLOCK));
    const copy = await openCopy(bytes);
    pool = new BlockHashWorkers({ threads: 1 });
    const hashOnly = { hashBlocks: pool.hashBlocks.bind(pool) };
    const source = new BlockSource(backend, copy.body, 5_000, copy.localFile);
    expect(source.readsFileWith(hashOnly)).toBe(false);
    const { bytes: out, last } = await drain(new VerifiedBlocks(source, shardOf(bytes), 0, 2, hashOnly, { batchBytes: BLOCK }));
    expect(out.equals(bytes)).toBe(true);
    expect(last).toEqual({ kind: 'end' });
  });
});

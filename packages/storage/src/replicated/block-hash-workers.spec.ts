import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { open, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { StorageError } from '../errors.js';
import { BLOCK_HASH_WORKER_SOURCE } from './block-hash-worker-source.js';
import { BlockHashWorkers } from './block-hash-workers.js';
import { digestBlocks } from './block-hashing.js';

/** The SHA-256 of each block, computed here, for comparison. */
function expectedDigests(bytes: Uint8Array, blockSize: number): Buffer {
  const digests: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += blockSize) {
    digests.push(createHash('sha256').update(bytes.subarray(offset, offset + blockSize)).digest());
  }
  return Buffer.concat(digests);
}

/** Bytes that fill a buffer of their own, as `BlockSource` hands them out. */
function ownedBytes(length: number): Uint8Array {
  return new Uint8Array(randomBytes(length));
}

/** The real worker, but one that dies on a job whose block size is 7: by throwing, or by exiting. */
function crashingSource(how: 'throw' | 'exit'): string {
  const crash = how === 'throw' ? "throw new Error('injected crash')" : 'process.exit(9)';
  return `
    const port = process.getBuiltinModule('node:worker_threads').parentPort;
    const on = port.on.bind(port);
    port.on = (event, listener) => on(event, (job) => { if (job.blockSize === 7) ${crash}; listener(job); });
    ${BLOCK_HASH_WORKER_SOURCE}`;
}

let pool: BlockHashWorkers | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe('BlockHashWorkers', () => {
  it('hashes each block, the short last one included, and hands the same bytes back without copying them', async () => {
    pool = new BlockHashWorkers({ threads: 1 });
    const bytes = ownedBytes(5 * 1000 + 17);
    const before = bytes.slice();
    const hashed = await pool.hashBlocks(bytes, 1000);
    expect(Buffer.from(hashed.digests)).toEqual(expectedDigests(before, 1000));
    expect(hashed.bytes).toEqual(before);
    // Transferred, not copied: the caller's view was detached on the way out.
    expect(bytes.byteLength).toBe(0);
  });

  it('hashes 1 GiB worth of batches on one worker within its heap limits', async () => {
    pool = new BlockHashWorkers({ threads: 1 });
    // 2048 jobs, as many as a 1 GiB read sends; small buffers, since only the heap is limited.
    const jobs = Array.from({ length: 2048 }, () => pool!.hashBlocks(ownedBytes(1_024), 512));
    const hashed = await Promise.all(jobs);
    expect(hashed.every((batch) => batch.digests.length === 64)).toBe(true);
    expect(pool.runningThreads).toBe(1);
  });

  it('hashes only the view it is given when it sits inside a larger buffer', async () => {
    pool = new BlockHashWorkers({ threads: 1 });
    const whole = ownedBytes(10_000);
    const view = whole.subarray(1_000, 4_500);
    const expected = expectedDigests(view, 1024);
    const hashed = await pool.hashBlocks(view, 1024);
    expect(Buffer.from(hashed.digests)).toEqual(expected);
    expect({ offset: hashed.bytes.byteOffset, length: hashed.bytes.length }).toEqual({ offset: 1_000, length: 3_500 });
  });

  it('matches the hashing done on the calling thread, for many jobs at once over two threads', async () => {
    pool = new BlockHashWorkers({ threads: 2 });
    const inputs = Array.from({ length: 40 }, (_, index) => ownedBytes(1 + index * 3_001));
    const expected = inputs.map((bytes) => digestBlocks(bytes, 4096));
    const results = await Promise.all(inputs.map((bytes) => pool!.hashBlocks(bytes, 4096)));
    expect(results.map((result) => Buffer.from(result.digests))).toEqual(expected.map((digests) => Buffer.from(digests)));
    expect(pool.runningThreads).toBe(2);
  });

  it('starts its threads on demand, never more than asked, and stops them on close', async () => {
    pool = new BlockHashWorkers({ threads: 2 });
    expect(pool.runningThreads).toBe(0);
    await pool.hashBlocks(ownedBytes(100), 64);
    // One job at a time needs one thread.
    await pool.hashBlocks(ownedBytes(100), 64);
    expect(pool.runningThreads).toBe(1);
    await Promise.all(Array.from({ length: 8 }, () => pool!.hashBlocks(ownedBytes(100_000), 64)));
    expect(pool.runningThreads).toBe(2);
    await pool.close();
    expect(pool.runningThreads).toBe(0);
  });

  it('fails jobs still running at close, and every later one, with ABORTED', async () => {
    pool = new BlockHashWorkers({ threads: 1 });
    // Its reply cannot have come before close: replies arrive through this thread's event loop.
    const running = pool.hashBlocks(ownedBytes(1024 * 1024), 64 * 1024).catch((error: unknown) => error);
    await pool.close();
    expect(await running).toMatchObject({ code: 'ABORTED' });
    await expect(pool.hashBlocks(ownedBytes(10), 4)).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it.each(['throw', 'exit'] as const)('fails the jobs of a worker that crashes (%s) with INTERNAL, at once, and carries on with a fresh one', async (how) => {
    pool = new BlockHashWorkers({ threads: 1, workerSource: crashingSource(how) });
    await pool.hashBlocks(ownedBytes(100), 10);
    const started = performance.now();
    const crashed = pool.hashBlocks(ownedBytes(100), 7);
    const error = await crashed.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StorageError);
    expect(error).toMatchObject({ code: 'INTERNAL', message: expect.stringMatching(how === 'throw' ? /crashed: injected crash/ : /exited \(code 9\)/) });
    expect(performance.now() - started).toBeLessThan(5_000);
    const bytes = ownedBytes(100);
    const expected = expectedDigests(bytes, 10);
    expect(Buffer.from((await pool.hashBlocks(bytes, 10)).digests)).toEqual(expected);
    expect(pool.runningThreads).toBe(1);
  });

  it('reads a file at a position on the worker, into a buffer of its own, and hashes it; a short file gives fewer bytes', async () => {
    pool = new BlockHashWorkers({ threads: 1 });
    const bytes = ownedBytes(10_000);
    const file = path.join(tmpdir(), `coffre-hash-workers-${randomBytes(6).toString('hex')}`);
    await writeFile(file, bytes);
    const handle = await open(file, 'r');
    try {
      const hashed = await pool.readAndHashBlocks({ fd: handle.fd, position: 1_000, length: 4_500 }, 1024);
      expect(Buffer.from(hashed.bytes).equals(bytes.subarray(1_000, 5_500))).toBe(true);
      expect({ offset: hashed.bytes.byteOffset, buffer: hashed.bytes.buffer.byteLength }).toEqual({ offset: 0, buffer: 4_500 });
      expect(Buffer.from(hashed.digests)).toEqual(expectedDigests(bytes.subarray(1_000, 5_500), 1024));
      const short = await pool.readAndHashBlocks({ fd: handle.fd, position: 9_000, length: 4_096 }, 1024);
      expect(Buffer.from(short.bytes).equals(bytes.subarray(9_000))).toBe(true);
      expect(Buffer.from(short.digests)).toEqual(expectedDigests(bytes.subarray(9_000), 1024));
    } finally {
      await handle.close();
    }
  });

  it('fails a file that cannot be read with UNAVAILABLE, and the worker carries on', async () => {
    pool = new BlockHashWorkers({ threads: 1 });
    const directory = await open(tmpdir(), 'r');
    try {
      await expect(pool.readAndHashBlocks({ fd: directory.fd, position: 0, length: 100 }, 10)).rejects.toMatchObject({
        code: 'UNAVAILABLE',
        message: expect.stringContaining('EISDIR'),
      });
    } finally {
      await directory.close();
    }
    expect(Buffer.from((await pool.hashBlocks(ownedBytes(100), 10)).digests).length).toBe(10 * 32);
    expect(pool.runningThreads).toBe(1);
  });

  it("hashes bytes from Node's shared Buffer pool without detaching the pool (it is copied over, not moved)", async () => {
    pool = new BlockHashWorkers({ threads: 1 });
    const neighbour = Buffer.from('another buffer sharing the pool');
    const small = Buffer.from('bytes living in the shared pool');
    expect(small.buffer).toBe(neighbour.buffer);
    const expected = expectedDigests(small, 8);
    const hashed = await pool.hashBlocks(small, 8);
    expect(Buffer.from(hashed.digests)).toEqual(expected);
    expect(neighbour.toString()).toBe('another buffer sharing the pool');
    expect(small.toString()).toBe('bytes living in the shared pool');
  });

  it('does not keep a process alive once idle, even when nobody closes it', () => {
    const workers = fileURLToPath(new URL('./block-hash-workers.ts', import.meta.url));
    const script = `
      const { BlockHashWorkers } = await import(${JSON.stringify(workers)});
      const pool = new BlockHashWorkers({ threads: 2 });
      const results = await Promise.all([1, 2, 3].map(() => pool.hashBlocks(new Uint8Array(100_000), 4096)));
      console.log(results.length, pool.runningThreads);
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(child.error).toBeUndefined();
    expect(child.status).toBe(0);
    expect(child.stdout.trim()).toBe('3 2');
  });
});

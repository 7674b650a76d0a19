import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { type FileHandle, open, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDirectory, removeDirectory } from '../../test/support/temp-dirs.js';
import { type ObjectBackend } from '../backend.js';
import { BlockSource } from './block-source.js';

/**
 * BlockSource over a backend's local file (`ObjectRead.localFile`), read by position on this
 * process's thread pool rather than through the backend's stream.
 */
const backend = { id: 'fs-test' } as ObjectBackend;

let directory: string;
let handles: FileHandle[] = [];
beforeAll(async () => {
  directory = await makeTempDirectory('block-source');
});
afterAll(() => removeDirectory(directory));
afterEach(async () => {
  await Promise.all(handles.map((handle) => handle.close().catch(() => undefined)));
  handles = [];
});

async function openFile(bytes: Uint8Array): Promise<FileHandle> {
  const file = path.join(directory, randomBytes(8).toString('hex'));
  await writeFile(file, bytes);
  const handle = await open(file, 'r');
  handles.push(handle);
  return handle;
}

/** A body that must not be pulled (the file is read instead), and says when it is cancelled. */
function unpulledBody(): { body: ReadableStream<Uint8Array>; cancelled: () => boolean } {
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>(
    {
      pull: () => Promise.reject(new Error('the body was pulled')),
      cancel: () => void (cancelled = true),
    },
    { highWaterMark: 0 },
  );
  return { body, cancelled: () => cancelled };
}

/**
 * Occupies every thread of this process's pool (each test file runs in a process of its own) with
 * an open of a FIFO that has no writer, so that a file read queued behind them does not start: to
 * the reader, a disk that hangs. `release` opens the writer, which lets them all return.
 */
function blockThreadPool(): { release: () => Promise<void> } {
  const fifo = path.join(directory, `fifo-${randomBytes(4).toString('hex')}`);
  execFileSync('mkfifo', [fifo]);
  const threads = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
  // Queued first, so they take every thread; a read queued afterwards waits for one to return.
  const opening = Array.from({ length: threads }, () => open(fifo, 'r'));
  return {
    release: async () => {
      const writer = openSync(fifo, 'w');
      for (const handle of await Promise.all(opening)) await handle.close();
      closeSync(writer);
    },
  };
}

describe('BlockSource reading a local file', () => {
  it('reads runs of the file from the start of its range, each into a buffer of its own, without pulling the body', async () => {
    const bytes = new Uint8Array(randomBytes(10_000));
    const handle = await openFile(bytes);
    const { body, cancelled } = unpulledBody();
    const source = new BlockSource(backend, body, 5_000, { fd: handle.fd, start: 1_000, end: 9_000 });
    const first = await source.read(3_000);
    const second = await source.read(5_000);
    for (const [read, from] of [
      [first, 1_000],
      [second, 4_000],
    ] as const) {
      expect({ offset: read.byteOffset, buffer: read.buffer.byteLength }).toEqual({ offset: 0, buffer: read.length });
      expect(Buffer.from(read).equals(bytes.subarray(from, from + read.length))).toBe(true);
    }
    expect(first.buffer).not.toBe(second.buffer);
    source.close();
    await new Promise((resolve) => setImmediate(resolve));
    expect(cancelled()).toBe(true);
  });

  it('fails a file shorter than its range as INTEGRITY, and a run past the range likewise', async () => {
    const bytes = new Uint8Array(randomBytes(4_000));
    const handle = await openFile(bytes.subarray(0, 2_500));
    // The backend said the range was whole: the file was cut short on disk afterwards.
    const short = new BlockSource(backend, unpulledBody().body, 5_000, { fd: handle.fd, start: 0, end: 4_000 });
    await expect(short.read(2_000)).resolves.toHaveLength(2_000);
    await expect(short.read(2_000)).rejects.toMatchObject({ code: 'INTEGRITY', message: expect.stringContaining('shorter than recorded') });

    const whole = new BlockSource(backend, unpulledBody().body, 5_000, { fd: handle.fd, start: 0, end: 2_500 });
    await expect(whole.read(3_000)).rejects.toMatchObject({ code: 'INTEGRITY' });
  });

  it('fails a read the system refuses as UNAVAILABLE', async () => {
    // A directory opens, but cannot be read.
    const handle = await open(directory, 'r');
    handles.push(handle);
    const source = new BlockSource(backend, unpulledBody().body, 5_000, { fd: handle.fd, start: 0, end: 4_096 });
    await expect(source.read(4_096)).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('failed while sending') });
  });

  it('reads nothing more once closed', async () => {
    const handle = await openFile(new Uint8Array(randomBytes(4_000)));
    const source = new BlockSource(backend, unpulledBody().body, 5_000, { fd: handle.fd, start: 0, end: 4_000 });
    await source.read(1_000);
    source.close();
    await expect(source.read(1_000)).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it('fails a read that does not return within the stall timeout as UNAVAILABLE, and keeps the file open until it has', async () => {
    const bytes = new Uint8Array(randomBytes(4_000));
    const handle = await openFile(bytes);
    const { body, cancelled } = unpulledBody();
    const source = new BlockSource(backend, body, 100, { fd: handle.fd, start: 0, end: 4_000 });
    const pool = blockThreadPool();
    try {
      await expect(source.read(4_000)).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('sent nothing for 100 ms') });
      source.close();
      // The read is still waiting for a thread: cancelling the body now would close the file under it.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(cancelled()).toBe(false);
    } finally {
      await pool.release();
    }
    await expect.poll(cancelled).toBe(true);
  });
});

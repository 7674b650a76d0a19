import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.js';
import { blobSource, bytesSource, streamSource } from './byte-source.js';
import { DriveError } from './drive-error.js';
import { isRetryable, withRetry } from './retry.js';
import { createMemoryUploadStateStore } from './upload-state.js';

const fast = { attempts: 4, baseDelayMs: 1, maxDelayMs: 2 };

describe('retries', () => {
  it.each([
    ['no answer', new ApiError(0, 'NETWORK_ERROR', '', ''), true],
    ['a server error', new ApiError(503, 'DEPENDENCY_UNAVAILABLE', '', ''), true],
    ['rate limiting', new ApiError(429, 'RATE_LIMITED', '', ''), true],
    ['a dropped body', new TypeError('terminated'), true],
    ['a refusal', new ApiError(409, 'CONFLICT', '', ''), false],
    ['a missing upload', new ApiError(404, 'NOT_FOUND', '', ''), false],
    ['tampering', new DriveError('TAMPERED', ''), false],
    ['a bug', new RangeError('x'), false],
  ])('%s is retryable: %s', (_name, error, expected) => {
    expect(isRetryable(error)).toBe(expected);
  });

  it('retries until success, within the budget', async () => {
    let calls = 0;
    const result = await withRetry(
      async () => {
        if (++calls < 3) throw new ApiError(502, 'INTERNAL', '', '');
        return 'done';
      },
      { policy: fast },
    );
    expect([result, calls]).toEqual(['done', 3]);
  });

  it('gives up after the budget with the last error, and never retries a refusal', async () => {
    let calls = 0;
    await expect(withRetry(async () => { calls++; throw new ApiError(500, 'INTERNAL', 'boom', ''); }, { policy: fast })).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(calls).toBe(4);
    calls = 0;
    await expect(withRetry(async () => { calls++; throw new ApiError(413, 'QUOTA_EXCEEDED', '', ''); }, { policy: fast })).rejects.toMatchObject({ code: 'QUOTA_EXCEEDED' });
    expect(calls).toBe(1);
  });

  it('stops with ABORTED when the signal aborts, during an attempt or a backoff', async () => {
    const controller = new AbortController();
    const slow = { attempts: 5, baseDelayMs: 10_000, maxDelayMs: 10_000 };
    const pending = withRetry(async () => { throw new ApiError(503, 'INTERNAL', '', ''); }, { policy: slow, signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ code: 'ABORTED' });
  });
});

describe('byte sources', () => {
  const bytes = new Uint8Array(100).map((_, i) => i);

  it('read ranges of bytes and Blobs anywhere', async () => {
    for (const source of [bytesSource(bytes, { mtime: 5, mediaType: 'x/y' }), blobSource(new Blob([bytes as BlobPart], { type: 'x/y' }), { mtime: 5 })]) {
      expect(source).toMatchObject({ size: 100, mtime: 5, mediaType: 'x/y', randomAccess: true });
      expect(await source.read(90, 100)).toEqual(bytes.subarray(90));
      expect(await source.read(0, 3)).toEqual(bytes.subarray(0, 3));
    }
  });

  it('read a Blob into the caller\'s buffer, and report one shorter than the range', async () => {
    const source = blobSource(new Blob([bytes as BlobPart]));
    const buffer = new Uint8Array(64).fill(0xee);
    const read = await source.readInto!(buffer.subarray(8, 48), 30);
    expect(read).toEqual(bytes.subarray(30, 70));
    // The same memory: a byte stream may have moved it to a new ArrayBuffer, never copied it elsewhere.
    expect(read.byteOffset).toBe(8);
    expect(read.buffer.byteLength).toBe(64);
    expect(new Uint8Array(read.buffer, 0, 8)).toEqual(new Uint8Array(8).fill(0xee));
    await expect(source.readInto!(new Uint8Array(20), 90)).rejects.toMatchObject({ code: 'SOURCE_CHANGED' });
  });

  it('read a stream front to back only, and report one that ends early', async () => {
    const source = streamSource(new Blob([bytes as BlobPart]).stream(), 120);
    expect(source.randomAccess).toBe(false);
    expect(await source.read(0, 60)).toEqual(bytes.subarray(0, 60));
    await expect(source.read(0, 10)).rejects.toThrow(/front to back/);
    await expect(source.read(60, 120)).rejects.toMatchObject({ code: 'SOURCE_CHANGED' });
  });
});

describe('memory upload state store', () => {
  it('keeps copies, so that a caller changing its state object does not change what is stored', async () => {
    const store = createMemoryUploadStateStore();
    const state = { format: 1 as const, parts: {} as Record<string, { mac: string; sha256: string }> } as Parameters<typeof store.put>[1];
    await store.put('k', state);
    state.parts['0'] = { mac: 'm', sha256: 's' };
    expect((await store.get('k'))!.parts).toEqual({});
    await store.delete('k');
    expect(await store.get('k')).toBeUndefined();
  });
});

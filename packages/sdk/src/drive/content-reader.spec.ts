import { encrypt, openFile } from '@coffre/crypto/file';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.js';
import { type ByteRange } from './drive-api.js';
import { type FetchCiphertext, type ReadRetry, openContent, readPlaintext } from './content-reader.js';
import { DriveError } from './drive-error.js';

const key = new Uint8Array(32).fill(7);
const context = new Uint8Array([9]);
const chunkSize = 4096;
const plaintext = new Uint8Array(30_000).map((_, i) => (i * 7 + 3) & 0xff);
const ciphertext = await encrypt(plaintext, { key, context, chunkSize });

/** Serves ranges of `bytes` as a stream of small pieces, like a network would. */
function serve(bytes: Uint8Array, log: ByteRange[] = []): FetchCiphertext {
  return async (range) => {
    log.push(range);
    const slice = bytes.slice(range.start, range.end);
    let offset = 0;
    return {
      version: null,
      body: new ReadableStream({
        pull(controller) {
          if (offset >= slice.length) return controller.close();
          controller.enqueue(slice.subarray(offset, offset + 1500));
          offset += 1500;
        },
      }),
    };
  };
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<{ bytes: Uint8Array; error: unknown }> {
  const pieces: Uint8Array[] = [];
  let error: unknown;
  try {
    for await (const piece of stream as unknown as AsyncIterable<Uint8Array>) pieces.push(piece);
  } catch (thrown) {
    error = thrown;
  }
  return { bytes: new Uint8Array(Buffer.concat(pieces)), error };
}

const noDelay = { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 };

describe('content reader', () => {
  it('reads the whole file, and any range, fetching only the chunks that hold it (property)', async () => {
    const file = await openContent(serve(ciphertext), { key, context });
    expect((await readAll(readPlaintext(file, serve(ciphertext)))).bytes).toEqual(plaintext);
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: plaintext.length }), fc.nat({ max: plaintext.length }), async (a, b) => {
        const [start, end] = a <= b ? [a, b] : [b, a];
        const log: ByteRange[] = [];
        const { bytes, error } = await readAll(readPlaintext(file, serve(ciphertext, log), { start, end }));
        expect(error).toBeUndefined();
        expect(Buffer.from(bytes).equals(Buffer.from(plaintext.subarray(start, end)))).toBe(true);
        const fetched = log.reduce((sum, range) => sum + range.end - range.start, 0);
        expect(fetched).toBeLessThanOrEqual(end - start + 2 * (chunkSize + 16));
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a header under another key or context as TAMPERED', async () => {
    await expect(openContent(serve(ciphertext), { key: new Uint8Array(32), context })).rejects.toMatchObject({ code: 'TAMPERED' });
    await expect(openContent(serve(ciphertext), { key, context: new Uint8Array([8]) })).rejects.toMatchObject({ code: 'TAMPERED' });
  });

  it('ends with TAMPERED at a modified chunk, having released only the verified chunks before it', async () => {
    const tampered = ciphertext.slice();
    const chunk3 = 80 + 3 * (chunkSize + 16);
    tampered[chunk3 + 100]! ^= 1;
    const file = await openContent(serve(tampered), { key, context });
    const { bytes, error } = await readAll(readPlaintext(file, serve(tampered)));
    expect(error).toBeInstanceOf(DriveError);
    expect((error as DriveError).code).toBe('TAMPERED');
    expect(bytes.length).toBe(3 * chunkSize);
    expect(Buffer.from(bytes).equals(Buffer.from(plaintext.subarray(0, 3 * chunkSize)))).toBe(true);
  });

  it('refuses chunks swapped into each other\'s places', async () => {
    const swapped = ciphertext.slice();
    const size = chunkSize + 16;
    swapped.set(ciphertext.subarray(80, 80 + size), 80 + size);
    swapped.set(ciphertext.subarray(80 + size, 80 + 2 * size), 80);
    const file = await openContent(serve(swapped), { key, context });
    const { bytes, error } = await readAll(readPlaintext(file, serve(swapped)));
    expect(error).toMatchObject({ code: 'TAMPERED' });
    expect(bytes.length).toBe(0);
  });

  it('retries a dropped connection from the first chunk not yet delivered', async () => {
    const log: ByteRange[] = [];
    const honest = serve(ciphertext, log);
    let failed = false;
    const flaky: FetchCiphertext = async (range, signal) => {
      const response = await honest(range, signal);
      if (failed || range.start === 0) return response;
      failed = true;
      // Cut the body after 10 000 bytes: two whole chunks and part of a third.
      const reader = response.body.getReader();
      let sent = 0;
      return {
        version: null,
        body: new ReadableStream({
          async pull(controller) {
            if (sent >= 10_000) return controller.error(new TypeError('socket hang up'));
            const { done, value } = await reader.read();
            if (done) return controller.close();
            controller.enqueue(value);
            sent += value.length;
          },
        }),
      };
    };
    const file = await openContent(honest, { key, context });
    log.length = 0;
    const retries: ReadRetry[] = [];
    const { bytes, error } = await readAll(readPlaintext(file, flaky, { retry: noDelay, onRetry: (retry) => retries.push(retry) }));
    expect(error).toBeUndefined();
    expect(Buffer.from(bytes).equals(Buffer.from(plaintext))).toBe(true);
    expect(log[1]!.start).toBe(80 + 2 * (chunkSize + 16));
    expect(retries).toEqual([{ chunk: 2, attempt: 1, delayMs: 1, error: new TypeError('socket hang up') }]);
  });

  it('gives up after the retry budget, and never retries a refusal', async () => {
    const file = await openContent(serve(ciphertext), { key, context });
    let calls = 0;
    const down: FetchCiphertext = async () => {
      calls++;
      throw new ApiError(503, 'DEPENDENCY_UNAVAILABLE', 'down', '');
    };
    expect((await readAll(readPlaintext(file, down, { retry: noDelay }))).error).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE' });
    expect(calls).toBe(3);
    calls = 0;
    const refused: FetchCiphertext = async () => {
      calls++;
      throw new ApiError(416, 'RANGE_NOT_SATISFIABLE', 'no', '');
    };
    expect((await readAll(readPlaintext(file, refused, { retry: noDelay }))).error).toMatchObject({ code: 'RANGE_NOT_SATISFIABLE' });
    expect(calls).toBe(1);
  });

  it('refuses a body longer than the range asked for', async () => {
    const file = await openContent(serve(ciphertext), { key, context });
    const generous: FetchCiphertext = (range, signal) => serve(ciphertext)({ start: range.start, end: Math.min(ciphertext.length, range.end + 10) }, signal);
    expect((await readAll(readPlaintext(file, generous, { start: 0, end: 100 }))).error).toMatchObject({ code: 'TAMPERED' });
  });

  describe('with several ranged requests in flight', () => {
    const sealed = chunkSize + 16;
    /** Two chunks per request, three requests in flight. */
    const pipelined = { requestBytes: 2 * sealed, requestsInFlight: 3, retry: noDelay };

    it('reads any range, in requests of whole chunks, with the next ones asked for ahead (property)', async () => {
      const file = await openContent(serve(ciphertext), { key, context });
      const log: ByteRange[] = [];
      const stream = readPlaintext(file, serve(ciphertext, log), pipelined);
      const reader = stream.getReader();
      await reader.read();
      // The first chunk is out: its request and the two after it have been sent.
      expect(log).toEqual([0, 1, 2].map((n) => ({ start: 80 + 2 * n * sealed, end: 80 + 2 * (n + 1) * sealed })));
      reader.releaseLock();
      await stream.cancel();
      await fc.assert(
        fc.asyncProperty(fc.nat({ max: plaintext.length }), fc.nat({ max: plaintext.length }), fc.integer({ min: 1, max: 4 }), async (a, b, inFlight) => {
          const [start, end] = a <= b ? [a, b] : [b, a];
          const ranges: ByteRange[] = [];
          const { bytes, error } = await readAll(readPlaintext(file, serve(ciphertext, ranges), { ...pipelined, requestsInFlight: inFlight, start, end }));
          expect(error).toBeUndefined();
          expect(Buffer.from(bytes).equals(Buffer.from(plaintext.subarray(start, end)))).toBe(true);
          // Consecutive, non-overlapping, whole chunks.
          for (const [i, range] of ranges.entries()) {
            expect((range.start - 80) % sealed).toBe(0);
            if (i > 0) expect(range.start).toBe(ranges[i - 1]!.end);
          }
        }),
        { numRuns: 60 },
      );
    });

    it('ends with TAMPERED at a modified chunk of a later request, and aborts the requests still in flight', async () => {
      const tampered = ciphertext.slice();
      tampered[80 + 5 * sealed + 7]! ^= 1; // chunk 5: the third request
      const signals: AbortSignal[] = [];
      const honest = serve(tampered);
      const watched: FetchCiphertext = (range, signal) => {
        if (signal !== undefined) signals.push(signal);
        return honest(range, signal);
      };
      const file = await openContent(honest, { key, context });
      const { bytes, error } = await readAll(readPlaintext(file, watched, { ...pipelined, requestBytes: sealed }));
      expect(error).toMatchObject({ code: 'TAMPERED' });
      expect(Buffer.from(bytes).equals(Buffer.from(plaintext.subarray(0, 5 * chunkSize)))).toBe(true);
      // Chunks 6 and 7 had been asked for ahead; their requests were aborted, not retried.
      expect(signals).toHaveLength(8);
      expect(signals.slice(6).every((signal) => signal.aborted)).toBe(true);
    });

    it('refuses chunks swapped between two requests', async () => {
      const swapped = ciphertext.slice();
      // Chunks 1 and 2: the end of the first request and the start of the second.
      swapped.set(ciphertext.subarray(80 + sealed, 80 + 2 * sealed), 80 + 2 * sealed);
      swapped.set(ciphertext.subarray(80 + 2 * sealed, 80 + 3 * sealed), 80 + sealed);
      const file = await openContent(serve(swapped), { key, context });
      const { bytes, error } = await readAll(readPlaintext(file, serve(swapped), pipelined));
      expect(error).toMatchObject({ code: 'TAMPERED' });
      expect(bytes.length).toBe(chunkSize);
    });

    it('refuses a request answered with the bytes of another range', async () => {
      // A server answering the second request with the first request's bytes: right length, wrong place.
      const honest = serve(ciphertext);
      const misplaced: FetchCiphertext = (range, signal) =>
        honest(range.start === 80 + 2 * sealed ? { start: 80, end: 80 + 2 * sealed } : range, signal);
      const file = await openContent(honest, { key, context });
      const { bytes, error } = await readAll(readPlaintext(file, misplaced, pipelined));
      expect(error).toMatchObject({ code: 'TAMPERED' });
      expect(bytes.length).toBe(2 * chunkSize);
    });

    it('retries from the first chunk not yet delivered when a request ahead fails', async () => {
      const log: ByteRange[] = [];
      const honest = serve(ciphertext, log);
      let failed = false;
      const flaky: FetchCiphertext = async (range, signal) => {
        if (!failed && range.start === 80 + 4 * sealed) {
          failed = true;
          throw new ApiError(503, 'DEPENDENCY_UNAVAILABLE', 'down', '');
        }
        return honest(range, signal);
      };
      const file = await openContent(honest, { key, context });
      log.length = 0;
      const { bytes, error } = await readAll(readPlaintext(file, flaky, pipelined));
      expect(error).toBeUndefined();
      expect(Buffer.from(bytes).equals(Buffer.from(plaintext))).toBe(true);
      // Chunks 0-3 were delivered once; the pipeline started again at chunk 4.
      expect(log.map((range) => (range.start - 80) / sealed)).toEqual([0, 2, 6, 4, 6]);
    });
  });

  it('refuses ranges outside the file', async () => {
    const file = await openFile(ciphertext.subarray(0, 80), { key, context });
    expect(() => readPlaintext(file, serve(ciphertext), { start: 10, end: plaintext.length + 1 })).toThrow(/outside file/);
  });
});

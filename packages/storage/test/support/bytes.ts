// Test data: objects with their ids, and web streams that deliver, stall or fail on cue.
import { createHash, randomBytes } from 'node:crypto';
import { type ObjectId } from '../../src/object-id.js';

export interface TestObject {
  readonly id: ObjectId;
  readonly bytes: Uint8Array;
}

export function sha256Hex(bytes: Uint8Array): ObjectId {
  return createHash('sha256').update(bytes).digest('hex');
}

/** `size` random bytes and their content address. */
export function randomObject(size: number): TestObject {
  const bytes = new Uint8Array(randomBytes(size));
  return { id: sha256Hex(bytes), bytes };
}

/** Streams `bytes` in chunks of `chunkSize` (the last may be shorter). */
export function streamOf(bytes: Uint8Array, chunkSize = 64 * 1024): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (offset >= bytes.length) return controller.close();
        controller.enqueue(bytes.slice(offset, offset + chunkSize));
        offset += chunkSize;
      },
    },
    { highWaterMark: 0 },
  );
}

/** Streams the first `failAfter` bytes of `bytes`, then errors as an uploader that went away would. */
export function failingStream(bytes: Uint8Array, failAfter: number, chunkSize = 16 * 1024): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (offset >= failAfter) return controller.error(new Error('connection reset by uploader'));
        const end = Math.min(offset + chunkSize, failAfter);
        controller.enqueue(bytes.slice(offset, end));
        offset = end;
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * Streams the first `pauseAt` bytes, then waits for `resume()` before the rest: lets a test look at
 * a backend in the middle of a write.
 */
export function pausableStream(bytes: Uint8Array, pauseAt: number): { stream: ReadableStream<Uint8Array>; paused: Promise<void>; resume: () => void } {
  let resume!: () => void;
  let reachedPause!: () => void;
  const resumed = new Promise<void>((resolve) => (resume = resolve));
  const paused = new Promise<void>((resolve) => (reachedPause = resolve));
  let offset = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (offset === pauseAt) {
          reachedPause();
          await resumed;
        }
        if (offset >= bytes.length) return controller.close();
        const end = offset < pauseAt ? pauseAt : bytes.length;
        controller.enqueue(bytes.slice(offset, end));
        offset = end;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, paused, resume };
}

/** Reads a whole stream into one array. */
export async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
    chunks.push(chunk);
    total += chunk.length;
  }
  const all = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.length;
  }
  return all;
}

/**
 * True when both hold the same bytes. Compared natively: vitest's deep equality walks typed arrays
 * element by element, which takes seconds on a few megabytes.
 */
export function sameBytes(actual: Uint8Array, expected: Uint8Array): boolean {
  return Buffer.from(actual.buffer, actual.byteOffset, actual.byteLength).equals(expected);
}

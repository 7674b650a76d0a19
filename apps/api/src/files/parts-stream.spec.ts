import { describe, expect, it } from 'vitest';
import { slicesOf } from './file-content.service.js';
import { type PartSlice, PartsStream } from './parts-stream.js';

const part = (n: number, size: number) => ({ n, objectId: `object-${n}`, size });
const version = { partSize: 100, parts: [part(0, 100), part(1, 100), part(2, 30)] } as never;

describe(slicesOf.name, () => {
  it('maps a range onto the slices of the parts that hold it', () => {
    expect(slicesOf(version, 0, 229)).toEqual([
      { objectId: 'object-0', offset: 0, length: 100 },
      { objectId: 'object-1', offset: 0, length: 100 },
      { objectId: 'object-2', offset: 0, length: 30 },
    ]);
    expect(slicesOf(version, 99, 100)).toEqual([
      { objectId: 'object-0', offset: 99, length: 1 },
      { objectId: 'object-1', offset: 0, length: 1 },
    ]);
    expect(slicesOf(version, 150, 160)).toEqual([{ objectId: 'object-1', offset: 50, length: 11 }]);
    expect(slicesOf(version, 229, 229)).toEqual([{ objectId: 'object-2', offset: 29, length: 1 }]);
  });

  it('refuses a version whose parts do not cover the range (never serves a hole)', () => {
    expect(() => slicesOf({ partSize: 100, parts: [part(0, 100), part(2, 30)] } as never, 0, 229)).toThrow('lacks part 1');
  });
});

/** A web stream of `chunks`, recording whether it was cancelled. */
function source(chunks: string[], record: { cancelled?: unknown } = {}): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const chunk = chunks[index++];
        if (chunk === undefined) controller.close();
        else controller.enqueue(new TextEncoder().encode(chunk));
      },
      cancel(reason) {
        record.cancelled = reason ?? 'cancelled';
      },
    },
    { highWaterMark: 0 },
  );
}

async function text(stream: PartsStream): Promise<string> {
  let out = '';
  for await (const chunk of stream) out += Buffer.from(chunk as Uint8Array).toString();
  return out;
}

describe(PartsStream.name, () => {
  const slices: PartSlice[] = [0, 1, 2].map((n) => ({ objectId: `object-${n}`, offset: 0, length: 1 }));

  it('reads the slices one after the other, opening the next one (and no further) while the current one is read', async () => {
    const opened: string[] = [];
    const stream = new PartsStream(source(['a', 'b']), slices, async (slice) => {
      opened.push(slice.objectId);
      return source([slice.objectId === 'object-1' ? 'c' : 'd', 'e']);
    });
    // Slice 0 is being read: slice 1 is being opened, slice 2 not yet.
    expect(opened).toEqual(['object-1']);
    await expect(text(stream)).resolves.toBe('abcede');
    expect(opened).toEqual(['object-1', 'object-2']);
  });

  it('fails when a slice cannot be opened or breaks off: never skips it', async () => {
    const failing = new PartsStream(source(['a']), slices, async () => {
      throw new Error('no copy can serve it');
    });
    await expect(text(failing)).rejects.toThrow('no copy can serve it');

    const broken = new ReadableStream<Uint8Array>({
      pull: (controller) => controller.error(new Error('block 3 does not match its hash')),
    });
    await expect(text(new PartsStream(source(['a']), slices, async () => broken))).rejects.toThrow('block 3 does not match its hash');
  });

  it('cancels the slice being read and the one opened ahead, and opens no other, once destroyed', async () => {
    const record: { cancelled?: unknown } = {};
    const ahead: { cancelled?: unknown } = {};
    const opened: string[] = [];
    const stream = new PartsStream(source(['a', 'b', 'c'], record), slices, async (slice) => {
      opened.push(slice.objectId);
      return source(['z'], ahead);
    });
    stream.destroy();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(record.cancelled).toBeDefined();
    expect(ahead.cancelled).toBeDefined();
    expect(opened).toEqual(['object-1']);
  });

  it('fails at the slice opened ahead that could not be opened, never skipping to the one after it', async () => {
    let failed = false;
    const stream = new PartsStream(source(['a']), slices, async (slice) => {
      if (slice.objectId === 'object-1') {
        failed = true;
        throw new Error('no copy of object-1');
      }
      return source(['z']);
    });
    const received: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of stream) received.push(Buffer.from(chunk as Uint8Array).toString());
      })(),
    ).rejects.toThrow('no copy of object-1');
    expect(failed).toBe(true);
    expect(received).not.toContain('z');
  });
});

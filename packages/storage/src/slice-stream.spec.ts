import { describe, expect, it } from 'vitest';
import { sliceStream } from './slice-stream.js';

function chunked(bytes: number[], size: number): { stream: ReadableStream<Uint8Array>; cancelled: () => boolean } {
  let offset = 0;
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(Uint8Array.from(bytes.slice(offset, offset + size)));
      offset += size;
    },
    cancel: () => void (cancelled = true),
  });
  return { stream, cancelled: () => cancelled };
}

const bytesOf = async (stream: ReadableStream<Uint8Array>) => [...new Uint8Array(await new Response(stream).arrayBuffer())];
const range = (length: number) => Array.from({ length }, (_, index) => index);

describe('sliceStream', () => {
  it('cuts out the bytes asked for across chunk boundaries, and cancels the rest', async () => {
    const source = chunked(range(100), 7);
    expect(await bytesOf(sliceStream(source.stream, 10, 25))).toEqual(range(35).slice(10));
    expect(source.cancelled()).toBe(true);
  });

  it('ends early when the source does', async () => {
    expect(await bytesOf(sliceStream(chunked(range(10), 3).stream, 8, 5))).toEqual([8, 9]);
  });
});

import { describe, expect, it } from 'vitest';
import { coalesceChunks } from './coalesce-chunks.js';

function sourceOf(sizes: number[]): ReadableStream<Uint8Array> {
  let value = 0;
  const chunks = sizes.map((size) => Uint8Array.from({ length: size }, () => value++ % 256));
  return new ReadableStream({
    pull: (controller) => {
      const chunk = chunks.shift();
      if (chunk === undefined) controller.close();
      else controller.enqueue(chunk);
    },
  });
}

async function chunksOf(stream: ReadableStream<Uint8Array>): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return chunks;
}

describe('coalesceChunks', () => {
  it('merges small chunks up to the minimum and passes large ones through, bytes unchanged', async () => {
    const chunks = await chunksOf(coalesceChunks(sourceOf([3, 3, 3, 0, 10, 2, 1]), 8));
    expect(chunks.map((chunk) => chunk.length)).toEqual([9, 10, 3]);
    expect(chunks.flatMap((chunk) => [...chunk])).toEqual(Array.from({ length: 22 }, (_, index) => index));
  });

  it('passes a large chunk by reference, without copying it', async () => {
    const big = new Uint8Array(100);
    const source = new ReadableStream<Uint8Array>({ start: (controller) => (controller.enqueue(big), controller.close()) });
    const [only] = await chunksOf(coalesceChunks(source, 8));
    expect(only).toBe(big);
  });
});

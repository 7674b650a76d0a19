import { describe, expect, it } from 'vitest';
import { FanOut, type FanOutOptions } from './fan-out.js';

/** A source of `count` one-byte chunks (0, 1, 2, ...) that counts how many have been pulled. */
function countingSource(count: number): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  let next = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (next === count) return controller.close();
        controller.enqueue(new Uint8Array([next]));
        next += 1;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulled: () => next };
}

async function drain(stream: ReadableStream<Uint8Array>): Promise<number[]> {
  const bytes: number[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) bytes.push(...chunk);
  return bytes;
}

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

function options(overrides: Partial<FanOutOptions> = {}): FanOutOptions {
  return { branchBuffer: 2, stallTimeoutMs: 10_000, onChunk: () => undefined, onStall: () => undefined, ...overrides };
}

describe('FanOut', () => {
  it('delivers every chunk to every branch, in order, and shows each chunk once to onChunk', async () => {
    const source = countingSource(50);
    const seen: number[] = [];
    const fanOut = new FanOut(source.stream, 3, options({ onChunk: (chunk) => seen.push(chunk[0]!) }));
    const results = await Promise.all([0, 1, 2].map((index) => drain(fanOut.branch(index))));
    const expected = Array.from({ length: 50 }, (_, index) => index);
    expect(results).toEqual([expected, expected, expected]);
    expect(seen).toEqual(expected);
    await fanOut.finished;
  });

  it('reads the source no faster than the slowest branch: memory stays at a few chunks', async () => {
    const source = countingSource(1_000);
    const fanOut = new FanOut(source.stream, 2, options({ branchBuffer: 2 }));
    const fast = drain(fanOut.branch(0));
    const slow = fanOut.branch(1).getReader();
    await tick(20);
    // The slow branch has read nothing: the source is held at its buffer, whatever the fast one wants.
    expect(source.pulled()).toBeLessThanOrEqual(3);
    for (let read = 0; read < 10; read += 1) await slow.read();
    await tick(20);
    expect(source.pulled()).toBeLessThanOrEqual(13);
    slow.releaseLock();
    await drain(fanOut.branch(1));
    expect(await fast).toHaveLength(1_000);
  });

  it('keeps feeding the other branches when one is dropped', async () => {
    const source = countingSource(100);
    const fanOut = new FanOut(source.stream, 3, options());
    fanOut.drop(1, new Error('backend died'));
    const [first, dropped, third] = await Promise.allSettled([0, 1, 2].map((index) => drain(fanOut.branch(index))));
    expect(first).toMatchObject({ status: 'fulfilled', value: expect.arrayContaining([0, 99]) });
    expect(dropped).toMatchObject({ status: 'rejected', reason: new Error('backend died') });
    expect(third).toMatchObject({ status: 'fulfilled' });
  });

  it('drops a branch that stalls, tells onStall, and lets the others finish', async () => {
    const source = countingSource(100);
    const stalled: number[] = [];
    const fanOut = new FanOut(source.stream, 2, options({ stallTimeoutMs: 50, onStall: (index) => stalled.push(index) }));
    const stuck = fanOut.branch(0).getReader();
    await stuck.read();
    const started = performance.now();
    expect(await drain(fanOut.branch(1))).toHaveLength(100);
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    expect(stalled).toEqual([0]);
    await expect(stuck.read()).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it('cancels the source once every branch is gone', async () => {
    let cancelled = false;
    const source = new ReadableStream<Uint8Array>({
      pull: (controller) => controller.enqueue(new Uint8Array(1)),
      cancel: () => void (cancelled = true),
    });
    const fanOut = new FanOut(source, 2, options());
    await fanOut.branch(0).cancel('gone');
    await fanOut.branch(1).cancel('gone');
    await fanOut.finished;
    expect(cancelled).toBe(true);
  });

  it('errors every branch when the source fails', async () => {
    const source = new ReadableStream<Uint8Array>({ pull: (controller) => controller.error(new Error('uploader left')) });
    const fanOut = new FanOut(source, 2, options());
    await expect(drain(fanOut.branch(0))).rejects.toThrow('uploader left');
    await expect(drain(fanOut.branch(1))).rejects.toThrow('uploader left');
    await expect(fanOut.finished).rejects.toThrow('uploader left');
  });
});

import { describe, expect, it } from 'vitest';
import { partBodyOf } from './send-parts.js';

async function bytesOf(body: Blob | ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(body).arrayBuffer());
}

describe('part bodies', () => {
  const part = () => Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) & 0xff);

  it('are Blobs holding their own copy in browsers (Chromium sends byte array bodies at ~20x the CPU)', async () => {
    const bytes = part();
    const body = partBodyOf(bytes.subarray(100, 900), false);
    expect(body).toBeInstanceOf(Blob);
    // The pooled buffer is overwritten by the next part: the body must not see that.
    bytes.fill(0);
    expect(await bytesOf(body)).toEqual(part().subarray(100, 900));
  });

  it('are streams of exactly the bytes in Node', async () => {
    const bytes = part();
    const body = partBodyOf(bytes.subarray(10, 20), true);
    expect(body).toBeInstanceOf(ReadableStream);
    expect(await bytesOf(body)).toEqual(part().subarray(10, 20));
  });
});

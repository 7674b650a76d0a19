import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type StorageError } from './errors.js';
import { verifiedBody } from './verified-body.js';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** A source whose chunks the test pushes one at a time. */
function manualSource(): { stream: ReadableStream<Uint8Array>; push(chunk: Uint8Array): void; end(): void; fail(error: unknown): void } {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const stream = new ReadableStream<Uint8Array>({ start: (started) => void (controller = started) });
  return { stream, push: (chunk) => controller.enqueue(chunk), end: () => controller.close(), fail: (error) => controller.error(error) };
}

describe('verifiedBody', () => {
  const parts = [new Uint8Array([1, 2, 3]), new Uint8Array([4, 5]), new Uint8Array([6])];
  const whole = new Uint8Array([1, 2, 3, 4, 5, 6]);

  it('passes the chunks through unchanged when they match', async () => {
    const source = manualSource();
    parts.forEach((part) => source.push(part));
    source.end();
    const reader = verifiedBody(source.stream, sha256(whole), 6).getReader();
    const seen: Uint8Array[] = [];
    for (let result = await reader.read(); !result.done; result = await reader.read()) seen.push(result.value);
    expect(seen).toEqual(parts);
  });

  it('holds the last chunk back until the hash has been checked', async () => {
    const source = manualSource();
    const reader = verifiedBody(source.stream, sha256(whole), 6).getReader();
    source.push(parts[0]!);
    source.push(parts[1]!);
    expect((await reader.read()).value).toEqual(parts[0]);
    // parts[1] has arrived, but may be the last chunk: it is not handed out yet.
    const pending = reader.read();
    const early = await Promise.race([pending.then(() => 'delivered'), new Promise((resolve) => setTimeout(() => resolve('held'), 20))]);
    expect(early).toBe('held');
    source.push(parts[2]!);
    expect((await pending).value).toEqual(parts[1]);
    source.end();
    expect((await reader.read()).value).toEqual(parts[2]);
    expect((await reader.read()).done).toBe(true);
  });

  it('errors with INTEGRITY before the last chunk when the bytes do not match', async () => {
    const source = manualSource();
    const tampered = new Uint8Array([6 ^ 1]);
    [parts[0]!, parts[1]!, tampered].forEach((part) => source.push(part));
    source.end();
    const reader = verifiedBody(source.stream, sha256(whole), 6).getReader();
    const delivered: number[] = [];
    const error = await (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return undefined;
        delivered.push(...value);
      }
    })().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'INTEGRITY' });
    expect(delivered).toEqual([1, 2, 3, 4, 5]);
  });

  it('errors with INTEGRITY on a length other than announced', async () => {
    for (const size of [5, 7]) {
      const source = manualSource();
      parts.forEach((part) => source.push(part));
      source.end();
      const body = verifiedBody(source.stream, sha256(whole), size);
      await expect(new Response(body).arrayBuffer()).rejects.toMatchObject({ code: 'INTEGRITY' });
    }
  });

  it('blames a failing source on the body (ABORTED) and reports it', async () => {
    const source = manualSource();
    const reported: StorageError[] = [];
    source.push(parts[0]!);
    source.fail(new Error('socket hang up'));
    const body = verifiedBody(source.stream, sha256(whole), 6, { onFailure: (error) => reported.push(error) });
    await expect(new Response(body).arrayBuffer()).rejects.toMatchObject({ code: 'ABORTED' });
    expect(reported.map((error) => error.code)).toEqual(['ABORTED']);
  });

  it('cancels the source when released, even if nobody reads', async () => {
    let cancelled: unknown;
    const source = new ReadableStream<Uint8Array>({ cancel: (reason) => void (cancelled = reason) });
    const release = new AbortController();
    verifiedBody(source, sha256(whole), 6, { release: release.signal });
    release.abort('shutting down');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(cancelled).toBe('shutting down');
  });
});

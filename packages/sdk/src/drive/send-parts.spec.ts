import { createHash } from 'node:crypto';
import { computePartMac, createFileEncryptor, partCount } from '@coffre/crypto/file';
import { describe, expect, it } from 'vitest';
import { type PartView } from '../drive-types.js';
import { blobSource } from './byte-source.js';
import { type DriveApi } from './drive-api.js';
import { PartEncoder } from './part-encoder.js';
import { partBodyOf, sendParts } from './send-parts.js';

async function bytesOf(body: Blob | ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(body).arrayBuffer());
}

describe('part bodies', () => {
  const part = () => Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) & 0xff);

  it('are Blobs holding their own copy in browsers (Chromium sends byte array bodies at ~20x the CPU)', async () => {
    const bytes = part();
    const body = partBodyOf({ bytes: bytes.subarray(100, 900) }, false);
    expect(body).toBeInstanceOf(Blob);
    // The pooled buffer is overwritten by the next part: the body must not see that.
    bytes.fill(0);
    expect(await bytesOf(body)).toEqual(part().subarray(100, 900));
  });

  it('are Blobs of the pieces when given, in order', async () => {
    const bytes = part();
    const body = partBodyOf({ bytes: new Uint8Array(1000), pieces: [bytes.subarray(0, 1), bytes.subarray(1, 700), bytes.subarray(700)] }, false);
    bytes.fill(0);
    expect(await bytesOf(body)).toEqual(part());
  });

  it('are streams of exactly the bytes in Node', async () => {
    const bytes = part();
    const body = partBodyOf({ bytes: bytes.subarray(10, 20), pieces: [new Uint8Array(3)] }, true);
    expect(body).toBeInstanceOf(ReadableStream);
    expect(await bytesOf(body)).toEqual(part().subarray(10, 20));
  });
});

describe('sending parts', () => {
  const key = new Uint8Array(32).fill(9);
  // Not periodic in the chunk size, so that a part read over another's would show.
  const plaintext = new Uint8Array(100_000).map((_, i) => Math.imul(i, 2654435761) >>> 24);

  async function send(streamBodies: boolean, fail?: number) {
    const encryptor = await createFileEncryptor({ key, context: new Uint8Array(3), chunkSize: 4096, plaintextLength: plaintext.length, salt: new Uint8Array(32).fill(2) });
    const partSize = 10_000;
    const events: string[] = [];
    const bodies = new Map<number, Uint8Array>();
    const api = {
      putPart: async (_uploadId: string, n: number, body: Blob | ReadableStream<Uint8Array>, sha256: string): Promise<PartView> => {
        if (n === fail) throw new Error(`part ${n} refused`);
        const bytes = new Uint8Array(await new Response(body).arrayBuffer());
        expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha256);
        events.push(`sent ${n}`);
        bodies.set(n, bytes);
        return { n, size: bytes.length, sha256 } as PartView;
      },
    } as unknown as DriveApi;
    const parts = Array.from({ length: partCount(80 + plaintext.length + 16 * 25, partSize) }, (_, n) => n);
    const macs: string[] = [];
    const run = sendParts({
      api,
      uploadId: 'u',
      encoder: new PartEncoder(encryptor, blobSource(new Blob([plaintext as BlobPart])), partSize),
      partSize,
      parts,
      mac: (part, start, end, pieces) => computePartMac({ fileKey: key, salt: encryptor.header.salt, part, start, end }, pieces),
      record: async (part, mac) => {
        events.push(`recorded ${part}`);
        macs[part] = Buffer.from(mac).toString('hex');
      },
      sent: () => undefined,
      streamBodies,
    });
    return { run, events, bodies, macs, parts };
  }

  it('records every part before sending it, and sends the same bytes and MACs with Blob bodies (encoding ahead) as with stream bodies', async () => {
    const reference = await send(true);
    await reference.run;
    const attempt = await send(false);
    expect((await attempt.run).map((part) => part.n)).toEqual(reference.parts);
    expect(attempt.macs).toEqual(reference.macs);
    for (const n of reference.parts) {
      expect(attempt.bodies.get(n)).toEqual(reference.bodies.get(n));
      expect(attempt.events.indexOf(`recorded ${n}`)).toBeLessThan(attempt.events.indexOf(`sent ${n}`));
    }
  });

  it('stops encoding after a part fails and throws its error once the parts in flight settle', async () => {
    const attempt = await send(false, 0);
    await expect(attempt.run).rejects.toThrow('part 0 refused');
    expect(attempt.events).not.toContain('sent 0');
    // No part after the refusal is started: at most those before the loop heard of it.
    expect(attempt.events.filter((event) => event.startsWith('recorded')).length).toBeLessThan(attempt.parts.length / 2);
  });
});

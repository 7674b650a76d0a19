// The Service Worker's file reader against a real HTTP server on loopback that plays the API's
// content route. The server encrypts a synthetic file chunk by chunk as ranges are asked for, so
// files far larger than memory can be streamed: the large case shows that memory stays flat (the
// design behind "a 2 GB file must not be held in memory"); the small cases show that every way the
// server can cheat ends the stream with an error, never with wrong bytes.
import { createHash } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type FileBinding, type FileEncryptor, HEADER_LENGTH, createFileEncryptor, fileContext, generateFileKey } from '@coffre/crypto/file';
import { afterEach, describe, expect, it } from 'vitest';
import { type TicketFile } from '../ticket.ts';
import { TicketFileReader } from './content-stream.ts';

const CHUNK = 256 * 1024;
const binding: FileBinding = { ownerId: 'owner-1', nodeId: 'node-1', version: 3 };

/** Plaintext of chunk `index`: cheap to make again, different for every chunk. */
function plainChunk(index: number, length: number): Uint8Array {
  const bytes = new Uint8Array(length).fill(index & 0xff);
  new DataView(bytes.buffer).setUint32(0, index);
  return bytes;
}

interface Served {
  url: string;
  /** Flips one byte of the ciphertext at this offset, if set. */
  flipAt?: number;
  /** The version header the server sends. */
  version: number;
  server: Server;
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

/** Serves the ciphertext of a `size`-byte synthetic file, encrypting the chunks a range needs, in order, with backpressure. */
async function serveSynthetic(encryptor: FileEncryptor, size: number): Promise<Served> {
  const chunkCount = Math.max(1, Math.ceil(size / CHUNK));
  const sealedOffset = (index: number) => HEADER_LENGTH + index * (CHUNK + 16);
  const total = sealedOffset(chunkCount - 1) + (size - (chunkCount - 1) * CHUNK) + 16;
  const served: Served = { url: '', version: 1, server: undefined as unknown as Server };
  const server = createServer(async (request, response) => {
    const match = /^bytes=(\d+)-(\d+)$/.exec(request.headers.range ?? '');
    const start = match ? Number(match[1]) : 0;
    const end = match ? Number(match[2]) + 1 : total;
    response.writeHead(206, {
      'content-length': String(end - start),
      'content-range': `bytes ${start}-${end - 1}/${total}`,
      'x-coffre-version': String(served.version),
      'x-coffre-encrypted-as': String(binding.version),
    });
    const write = async (bytes: Uint8Array, at: number) => {
      const from = Math.max(start, at);
      const to = Math.min(end, at + bytes.length);
      if (from >= to) return;
      const piece = Uint8Array.from(bytes.subarray(from - at, to - at));
      if (served.flipAt !== undefined && served.flipAt >= from && served.flipAt < to) piece[served.flipAt - from]! ^= 1;
      if (!response.write(piece)) await new Promise((resolve) => response.once('drain', resolve));
    };
    await write(encryptor.header.bytes, 0);
    const first = Math.max(0, Math.floor((start - HEADER_LENGTH) / (CHUNK + 16)));
    for (let index = first; index < chunkCount && sealedOffset(index) < end; index++) {
      if (response.destroyed) return;
      const parts = await encryptor.encryptChunk(index, plainChunk(index, Math.min(CHUNK, size - index * CHUNK)));
      let at = sealedOffset(index);
      for (const part of parts) {
        await write(part, at);
        at += part.length;
      }
    }
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  served.server = server;
  served.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return served;
}

async function setup(size: number, options: { signedSize?: number; route?: 'drive' | 'link' } = {}) {
  const fileKey = generateFileKey();
  const encryptor = await createFileEncryptor({ key: fileKey, plaintextLength: size, context: fileContext(binding), chunkSize: CHUNK });
  const served = await serveSynthetic(encryptor, size);
  const file: TicketFile = {
    path: 'big.bin',
    mtime: null,
    access: {
      fileKey: fileKey.slice(),
      binding,
      size: options.signedSize ?? size,
      route: options.route === 'link' ? { kind: 'link', linkId: 'l'.repeat(22), nodeId: binding.nodeId, grant: 'grant', number: 1 } : { kind: 'drive', nodeId: binding.nodeId, number: 1 },
    },
  };
  return { served, file, reader: new TicketFileReader({ apiUrl: served.url, token: 'token' }, file) };
}

/** Reads a stream to the end, hashing it, with the peak of memory held in ArrayBuffers. */
async function drain(stream: ReadableStream<Uint8Array>): Promise<{ length: number; sha256: string; peakArrayBuffers: number }> {
  const hash = createHash('sha256');
  let length = 0;
  let peakArrayBuffers = 0;
  let pieces = 0;
  for await (const piece of stream) {
    hash.update(piece);
    length += piece.length;
    if (++pieces % 64 === 0) peakArrayBuffers = Math.max(peakArrayBuffers, process.memoryUsage().arrayBuffers);
  }
  return { length, sha256: hash.digest('hex'), peakArrayBuffers };
}

function expectedSha256(size: number, start = 0, end = size): string {
  const hash = createHash('sha256');
  for (let index = Math.floor(start / CHUNK); index * CHUNK < end; index++) {
    const chunk = plainChunk(index, Math.min(CHUNK, size - index * CHUNK));
    hash.update(chunk.subarray(Math.max(0, start - index * CHUNK), Math.min(chunk.length, end - index * CHUNK)));
  }
  return hash.digest('hex');
}

describe('TicketFileReader', () => {
  it('streams a file and any range of it, then forgets the raw file key', async () => {
    const size = 3 * CHUNK + 1234;
    const { file, reader } = await setup(size);
    const whole = await drain(await reader.stream(null));
    expect(whole.length).toBe(size);
    expect(whole.sha256).toBe(expectedSha256(size));
    expect(file.access.fileKey.every((byte) => byte === 0)).toBe(true);

    const range = await drain(await reader.stream({ start: CHUNK - 10, end: 2 * CHUNK + 20 }));
    expect(range.sha256).toBe(expectedSha256(size, CHUNK - 10, 2 * CHUNK + 20));
  });

  it('ends the stream with TAMPERED when a chunk was altered, before releasing its bytes', async () => {
    const size = 3 * CHUNK;
    const { served, reader } = await setup(size);
    served.flipAt = HEADER_LENGTH + 2 * (CHUNK + 16) + 5;
    const stream = await reader.stream(null);
    const received: number[] = [];
    await expect(
      (async () => {
        for await (const piece of stream) received.push(piece.length);
      })(),
    ).rejects.toMatchObject({ code: 'TAMPERED' });
    expect(received.reduce((sum, length) => sum + length, 0)).toBe(2 * CHUNK);
  });

  it('refuses a header altered by the server', async () => {
    const { served, reader } = await setup(CHUNK);
    served.flipAt = 10;
    await expect(reader.open()).rejects.toMatchObject({ code: 'TAMPERED' });
  });

  it('refuses content whose size is not the signed size', async () => {
    const { reader } = await setup(CHUNK, { signedSize: CHUNK + 1 });
    await expect(reader.open()).rejects.toMatchObject({ code: 'TAMPERED' });
  });

  it('refuses another version served through a link', async () => {
    const { served, reader } = await setup(CHUNK, { route: 'link' });
    served.version = 2;
    await expect(reader.open()).rejects.toMatchObject({ code: 'TAMPERED' });
  });

  // 256 MiB by default; COFFRE_DOWNLOAD_TEST_MIB=2048 runs the 2 GiB case (about 2 CPU-minutes here).
  const largeMiB = Number(process.env.COFFRE_DOWNLOAD_TEST_MIB ?? 256);

  it(`streams ${largeMiB} MiB with memory that does not grow with the file`, async () => {
    const size = largeMiB * 1024 * 1024;
    const { reader } = await setup(size);
    const before = process.memoryUsage().arrayBuffers;
    const result = await drain(await reader.stream(null));
    expect(result.length).toBe(size);
    expect(result.sha256).toBe(expectedSha256(size));
    // Server and reader together hold a few requests' worth of chunks, never the file.
    const grew = result.peakArrayBuffers - before;
    console.log(`${largeMiB} MiB streamed; ArrayBuffer memory grew by at most ${(grew / 1024 / 1024).toFixed(1)} MiB`);
    expect(grew).toBeLessThan(64 * 1024 * 1024);
  }, 600_000);
});

import { createDecipheriv, createHmac, hkdfSync, createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hexToBytes, utf8ToBytes } from '../src/bytes.js';
import { CryptoError } from '../src/errors.js';
import { type ChunkCipherFactory } from '../src/file/aead.js';
import { nobleChunkCipher } from '../src/file/aead-noble.js';
import { nodeChunkCipher } from '../src/file/aead-node.js';
import { webCryptoChunkCipher } from '../src/file/aead-webcrypto.js';
import { collect, createFileCrypto, planRange, singleChunkStream } from '../src/file/file-crypto.js';
import { HEADER_LENGTH, ciphertextLength, fileContext, parseHeader } from '../src/file/format.js';
import vectorsJson from './vectors/file-v1.json' with { type: 'json' };

interface Vector { name: string; key: string; salt: string; context: string; chunkSize: number; plaintext: string; ciphertext: string }
interface NegativeVector { name: string; key: string; context: string; ciphertext: string; error: string }
const { vectors, negative } = vectorsJson as { vectors: Vector[]; negative: NegativeVector[] };

const backends: Array<[string, ChunkCipherFactory]> = [
  ['node:crypto', nodeChunkCipher],
  ['WebCrypto', webCryptoChunkCipher],
  ['@noble/ciphers (pure JS)', nobleChunkCipher],
];

async function expectCode(promise: Promise<unknown>, code: string) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'expected a CryptoError').toBeInstanceOf(CryptoError);
  expect((error as CryptoError).code).toBe(code);
}

/** Byte equality with a cheap comparison first (deep equality over large arrays is slow). */
function expectSameBytes(actual: Uint8Array, expected: Uint8Array) {
  if (!Buffer.from(actual.buffer, actual.byteOffset, actual.length).equals(expected)) expect(actual).toEqual(expected);
}

/** Splits bytes into a stream of pieces of the given sizes (cycled). */
function piecewise(bytes: Uint8Array, sizes: number[]): ReadableStream<Uint8Array> {
  let offset = 0;
  let turn = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      const size = Math.max(1, sizes[turn++ % sizes.length]!);
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    },
  });
}

describe.each(backends)('file format v1 over %s', (_name, backend) => {
  const files = createFileCrypto(backend);

  describe('vectors', () => {
    it.each(vectors.map((v) => [v.name, v] as const))('%s: encrypts to the vector and decrypts back', async (_n, v) => {
      const options = { key: hexToBytes(v.key), context: hexToBytes(v.context), chunkSize: v.chunkSize };
      const plaintext = hexToBytes(v.plaintext);
      const stream = files.encryptStreamWithSalt({ ...options, plaintextLength: plaintext.length }, hexToBytes(v.salt));
      expect(await collect(singleChunkStream(plaintext).pipeThrough(stream))).toEqual(hexToBytes(v.ciphertext));
      expect(await files.decrypt(hexToBytes(v.ciphertext), options)).toEqual(plaintext);
    });

    it.each(negative.map((v) => [v.name, v] as const))('refuses %s', async (_n, v) => {
      await expectCode(files.decrypt(hexToBytes(v.ciphertext), { key: hexToBytes(v.key), context: hexToBytes(v.context) }), v.error);
    });

    it.each(vectors.map((v) => [v.name, v] as const))('%s: a one-bit flip anywhere is refused', async (_n, v) => {
      const ciphertext = hexToBytes(v.ciphertext);
      const options = { key: hexToBytes(v.key), context: hexToBytes(v.context) };
      // Every header byte, and the first, a middle and the last byte of every sealed chunk.
      const positions = new Set<number>(Array.from({ length: HEADER_LENGTH }, (_, i) => i));
      for (let at = HEADER_LENGTH; at < ciphertext.length; at += v.chunkSize + 16) {
        const end = Math.min(at + v.chunkSize + 16, ciphertext.length);
        positions.add(at).add(Math.floor((at + end) / 2)).add(end - 1);
      }
      for (const position of positions) {
        const flipped = ciphertext.slice();
        flipped[position]! ^= 1 << (position % 8);
        await expect(files.decrypt(flipped, options), `bit flip at byte ${position}`).rejects.toBeInstanceOf(CryptoError);
      }
    });
  });
});

describe('file format v1: streaming and random access', () => {
  const files = createFileCrypto(nodeChunkCipher);
  const key = hexToBytes('11'.repeat(32));
  const context = utf8ToBytes('node-7');

  it('round-trips whatever the plaintext length, chunk size and input piece sizes (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 40_000 }),
        fc.constantFrom(4096, 8192, 16384),
        fc.array(fc.integer({ min: 1, max: 20_000 }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.integer({ min: 1, max: 20_000 }), { minLength: 1, maxLength: 5 }),
        async (plaintext, chunkSize, inSizes, outSizes) => {
          const encrypted = await collect(
            piecewise(plaintext, inSizes).pipeThrough(files.encryptStream({ key, context, chunkSize, plaintextLength: plaintext.length })),
          );
          expect(encrypted.length).toBe(ciphertextLength(plaintext.length, chunkSize));
          const decrypted = await collect(piecewise(encrypted, outSizes).pipeThrough(files.decryptStream({ key, context })));
          expectSameBytes(decrypted, plaintext);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('decrypts any byte range fetching only the chunks that hold it (property)', async () => {
    const plaintext = Uint8Array.from({ length: 50_000 }, (_, i) => (i * 7) & 0xff);
    const ciphertext = await files.encrypt(plaintext, { key, context, chunkSize: 4096 });
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: plaintext.length }), fc.integer({ min: 0, max: plaintext.length }), async (a, b) => {
        const [start, end] = a <= b ? [a, b] : [b, a];
        const fetched: Array<[number, number]> = [];
        const range = await files.decryptRange({
          key,
          context,
          start,
          end,
          fetchRange: async (from, to) => {
            fetched.push([from, to]);
            return ciphertext.slice(from, to);
          },
        });
        expectSameBytes(range, plaintext.slice(start, end));
        const bytesFetched = fetched.reduce((sum, [from, to]) => sum + to - from, 0);
        // header + the chunks that hold the range, never the whole file
        expect(bytesFetched).toBeLessThanOrEqual(HEADER_LENGTH + (Math.ceil((end - start) / 4096) + 1) * (4096 + 16));
      }),
      { numRuns: 100 },
    );
  });

  it('plans ranges at chunk boundaries', () => {
    const header = { chunkSize: 4096, plaintextLength: 10_000 };
    expect(planRange(header, 0, 4096)).toEqual({ firstChunk: 0, lastChunk: 0, ciphertextStart: 80, ciphertextEnd: 80 + 4112, skip: 0 });
    expect(planRange(header, 4096, 4097)).toEqual({ firstChunk: 1, lastChunk: 1, ciphertextStart: 80 + 4112, ciphertextEnd: 80 + 2 * 4112, skip: 0 });
    expect(planRange(header, 9000, 10_000)).toEqual({ firstChunk: 2, lastChunk: 2, ciphertextStart: 80 + 2 * 4112, ciphertextEnd: 80 + 2 * 4112 + 1808 + 16, skip: 9000 - 8192 });
  });

  it('produces a fresh salt, hence different ciphertext, for every encryption', async () => {
    const plaintext = utf8ToBytes('same bytes');
    const a = await files.encrypt(plaintext, { key, context });
    const b = await files.encrypt(plaintext, { key, context });
    expect(a.subarray(16, 48)).not.toEqual(b.subarray(16, 48));
    expect(a).not.toEqual(b);
  });

  it('a single chunk cannot be decrypted as another index or another file', async () => {
    const ciphertext = await files.encrypt(new Uint8Array(3 * 4096), { key, context, chunkSize: 4096 });
    const file = await files.openFile(ciphertext.subarray(0, HEADER_LENGTH), { key, context });
    const chunk1 = ciphertext.subarray(80 + 4112, 80 + 2 * 4112);
    expect(await file.decryptChunk(1, chunk1)).toEqual(new Uint8Array(4096));
    await expectCode(file.decryptChunk(0, chunk1), 'DECRYPT_FAILED');
    await expectCode(file.decryptChunk(2, chunk1), 'DECRYPT_FAILED'); // last-chunk flag differs
  });
});

describe('file format v1: drive context', () => {
  const files = createFileCrypto(nodeChunkCipher);
  const key = new Uint8Array(32).fill(3);
  const binding = { ownerId: 'acc_1', nodeId: 'node_1', version: 2 };

  it('encodes owner, node and version as length-prefixed fields', () => {
    expect(Buffer.from(fileContext(binding)).toString('hex')).toBe(
      Buffer.concat([
        Buffer.from('00000016', 'hex'), Buffer.from('coffre/v1/file/context'),
        Buffer.from('00000005', 'hex'), Buffer.from('acc_1'),
        Buffer.from('00000006', 'hex'), Buffer.from('node_1'),
        Buffer.from('00000008', 'hex'), Buffer.from('0000000000000002', 'hex'),
      ]).toString('hex'),
    );
  });

  it.each([
    ['another owner', { ...binding, ownerId: 'acc_2' }],
    ['another node', { ...binding, nodeId: 'node_2' }],
    ['another version', { ...binding, version: 1 }],
  ])('refuses a file presented as belonging to %s', async (_name, other) => {
    const ciphertext = await files.encrypt(utf8ToBytes('content'), { key, context: fileContext(binding) });
    expect(await files.decrypt(ciphertext, { key, context: fileContext(binding) })).toEqual(utf8ToBytes('content'));
    await expectCode(files.decrypt(ciphertext, { key, context: fileContext(other) }), 'DECRYPT_FAILED');
  });

  it.each([
    ['an empty owner', { ...binding, ownerId: '' }],
    ['an empty node', { ...binding, nodeId: '' }],
    ['a negative version', { ...binding, version: -1 }],
  ])('refuses %s', (_name, bad) => {
    expect(() => fileContext(bad)).toThrow(CryptoError);
  });
});

describe('file format v1: invalid input', () => {
  const files = createFileCrypto(nodeChunkCipher);
  const key = new Uint8Array(32);
  const context = new Uint8Array(0);
  const cases: Array<[string, () => unknown]> = [
    ['a 16-byte key', () => files.encryptStream({ key: new Uint8Array(16), context, plaintextLength: 1 })],
    ['a 33-byte key', () => files.encryptStream({ key: new Uint8Array(33), context, plaintextLength: 1 })],
    ['a key that is not bytes', () => files.encryptStream({ key: 'k'.repeat(32) as unknown as Uint8Array, context, plaintextLength: 1 })],
    ['a negative length', () => files.encryptStream({ key, context, plaintextLength: -1 })],
    ['a fractional length', () => files.encryptStream({ key, context, plaintextLength: 1.5 })],
    ['a length above 2^53', () => files.encryptStream({ key, context, plaintextLength: 2 ** 53 })],
    ['a chunk size that is not a power of two', () => files.encryptStream({ key, context, plaintextLength: 1, chunkSize: 5000 })],
    ['a chunk size below 4 KiB', () => files.encryptStream({ key, context, plaintextLength: 1, chunkSize: 2048 })],
    ['a chunk size above 16 MiB', () => files.encryptStream({ key, context, plaintextLength: 1, chunkSize: 32 * 1024 * 1024 })],
    ['a missing context', () => files.encryptStream({ key, context: undefined as unknown as Uint8Array, plaintextLength: 1 })],
    ['a decrypt key of 31 bytes', () => files.decryptStream({ key: new Uint8Array(31), context })],
    ['a header shorter than 80 bytes', () => parseHeader(new Uint8Array(79))],
    ['a range past the end', () => planRange({ chunkSize: 4096, plaintextLength: 10 }, 0, 11)],
    ['a reversed range', () => planRange({ chunkSize: 4096, plaintextLength: 10 }, 5, 4)],
    ['a negative range start', () => planRange({ chunkSize: 4096, plaintextLength: 10 }, -1, 4)],
  ];
  it.each(cases)('refuses %s with INVALID_INPUT', (_name, call) => {
    expect(call).toThrow(CryptoError);
    try {
      call();
    } catch (error) {
      expect((error as CryptoError).code).toBe('INVALID_INPUT');
    }
  });

  it('errors when the stream carries more bytes than declared', async () => {
    const stream = singleChunkStream(new Uint8Array(11)).pipeThrough(files.encryptStream({ key, context, plaintextLength: 10 }));
    await expectCode(collect(stream), 'INVALID_INPUT');
  });

  it('errors when the stream carries fewer bytes than declared', async () => {
    const stream = singleChunkStream(new Uint8Array(9)).pipeThrough(files.encryptStream({ key, context, plaintextLength: 10 }));
    await expectCode(collect(stream), 'INVALID_INPUT');
  });

  it('errors on stream chunks that are not bytes', async () => {
    const source = new ReadableStream({ start: (c) => (c.enqueue('text' as unknown as Uint8Array), c.close()) });
    await expectCode(collect(source.pipeThrough(files.encryptStream({ key, context, plaintextLength: 4 }))), 'INVALID_INPUT');
  });
});

describe('file format v1: cross-check of docs/crypto.md with node:crypto alone', () => {
  // An independent decryption written from the specification, sharing no code with src/.
  function decryptFromSpec(ciphertext: Buffer, key: Buffer, context: Buffer): Buffer {
    const header = ciphertext.subarray(0, 80);
    expect(header.subarray(0, 4).toString('latin1')).toBe('CFRE');
    expect([header[4], header[5], header[7]]).toEqual([1, 1, 0]);
    const chunkSize = 2 ** header[6]!;
    const length = Number(header.readBigUInt64BE(8));
    const salt = header.subarray(16, 48);
    const derive = (label: string) => Buffer.from(hkdfSync('sha256', key, salt, label, 32));
    const commitment = createHmac('sha256', derive('coffre/v1/file/header-commitment'))
      .update(Buffer.concat([header.subarray(0, 48), context]))
      .digest();
    expect(commitment.equals(header.subarray(48, 80))).toBe(true);
    const payloadKey = derive('coffre/v1/file/payload-key');
    const aad = createHash('sha256').update(header).digest();
    const count = Math.max(1, Math.ceil(length / chunkSize));
    const out: Buffer[] = [];
    let offset = 80;
    for (let i = 0; i < count; i++) {
      const size = (i < count - 1 ? chunkSize : length - (count - 1) * chunkSize) + 16;
      const sealed = ciphertext.subarray(offset, offset + size);
      offset += size;
      const nonce = Buffer.alloc(12);
      nonce.writeBigUInt64BE(BigInt(i), 3);
      nonce[11] = i === count - 1 ? 1 : 0;
      const gcm = createDecipheriv('aes-256-gcm', payloadKey, nonce);
      gcm.setAAD(aad);
      gcm.setAuthTag(sealed.subarray(size - 16));
      out.push(gcm.update(sealed.subarray(0, size - 16)), gcm.final());
    }
    expect(offset).toBe(ciphertext.length);
    return Buffer.concat(out);
  }

  it.each(vectors.map((v) => [v.name, v] as const))('%s', (_n, v) => {
    const plaintext = decryptFromSpec(Buffer.from(v.ciphertext, 'hex'), Buffer.from(v.key, 'hex'), Buffer.from(v.context, 'hex'));
    expect(plaintext.toString('hex')).toBe(v.plaintext);
  });
});

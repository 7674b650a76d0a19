// Upload part MACs and the random-access encryptor a resumed upload re-creates parts with.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hex, unhex } from './support/bytes.js';
import { expectCode, expectCodeAsync } from './support/errors.js';
import { type ChunkCipherFactory } from '../src/file/aead.js';
import { nobleChunkCipher } from '../src/file/aead-noble.js';
import { nodeChunkCipher } from '../src/file/aead-node.js';
import { webCryptoChunkCipher } from '../src/file/aead-webcrypto.js';
import { createFileCrypto } from '../src/file/file-crypto.js';
import { HEADER_LENGTH, ciphertextLength } from '../src/file/format.js';
import { createHash } from 'node:crypto';
import { type HmacSha256, createPartMac, nobleHmacSha256, partCount, planPart, webCryptoHmacSha256, webCryptoSha256Hex } from '../src/file/part-mac.js';
import { nodeHmacSha256, nodeSha256Hex } from '../src/file/part-mac-node.js';
import { referencePartMac, referencePlanPart } from './vectors/reference.js';
import { readVectors } from './vectors/vector-files.js';
import fileVectorsJson from './vectors/file-v1.json' with { type: 'json' };

interface PartMacVectors {
  fileKey: string;
  salt: string;
  chunkSize: number;
  partSize: number;
  valid: { name: string; plaintextLength: number; ciphertextLength: number; parts: { part: number; ciphertextStart: number; ciphertextEnd: number; firstChunk: number; lastChunk: number; start: number; end: number; prefix: string; mac: string }[] }[];
  invalid: { name: string; part: number; start: number; end: number; salt: string; plaintext: string; mac: string; recorded: string }[];
}

const vectors = readVectors<PartMacVectors>('part-mac');
const plaintextOf = (length: number) => new Uint8Array(length).map((_, i) => (i * 31 + 7) & 0xff);
const fileKey = unhex(vectors.fileKey);
const salt = unhex(vectors.salt);

const macBackends: [string, HmacSha256][] = [
  ['node:crypto', nodeHmacSha256],
  ['WebCrypto', webCryptoHmacSha256],
  ['@noble/hashes (pure JS)', nobleHmacSha256],
];

describe.each(macBackends)('part MACs over %s', (_name, backend) => {
  const computePartMac = createPartMac(backend);

  for (const file of vectors.valid) {
    it(`plans and MACs every part: ${file.name}`, async () => {
      const plaintext = plaintextOf(file.plaintextLength);
      expect(ciphertextLength(file.plaintextLength, vectors.chunkSize)).toBe(file.ciphertextLength);
      expect(partCount(file.ciphertextLength, vectors.partSize)).toBe(file.parts.length);
      for (const expected of file.parts) {
        const { prefix: _prefix, mac, ...plan } = expected;
        expect(planPart({ chunkSize: vectors.chunkSize, plaintextLength: file.plaintextLength }, vectors.partSize, expected.part)).toEqual(plan);
        const computed = await computePartMac({ fileKey, salt, part: plan.part, start: plan.start, end: plan.end }, plaintext.subarray(plan.start, plan.end));
        expect(hex(computed)).toBe(mac);
      }
    });
  }

  for (const vector of vectors.invalid) {
    it(`gives another MAC: ${vector.name}`, async () => {
      const computed = await computePartMac({ fileKey, salt: unhex(vector.salt), part: vector.part, start: vector.start, end: vector.end }, unhex(vector.plaintext));
      expect(hex(computed)).toBe(vector.mac);
      expect(hex(computed)).not.toBe(vector.recorded);
    });
  }

  it('gives the same MAC however the plaintext is split into pieces (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), fc.array(fc.nat(), { maxLength: 5 }), async (plaintext, cuts) => {
        const points = [...new Set(cuts.map((cut) => cut % (plaintext.length + 1)))].sort((a, b) => a - b);
        const pieces = [0, ...points].map((from, index, all) => plaintext.subarray(from, all[index + 1] ?? plaintext.length));
        const input = { fileKey, salt, part: 3, start: 10, end: 10 + plaintext.length };
        const whole = await computePartMac(input, plaintext);
        expect(await computePartMac(input, pieces)).toEqual(whole);
        expect(whole).toEqual(referencePartMac({ ...input, plaintext }).mac);
      }),
      { numRuns: 50 },
    );
  });

  it('gives each of several MACs computed at once its own plaintext (pieces joined in a shared buffer)', async () => {
    const inputs = [5000, 3000, 7000, 1].map((length, part) => {
      const plaintext = plaintextOf(length).map((byte) => byte ^ part);
      const pieces = [plaintext.subarray(0, length >> 1), plaintext.subarray(length >> 1)];
      return { input: { fileKey, salt, part, start: 0, end: length }, plaintext, pieces };
    });
    const macs = await Promise.all(inputs.map(({ input, pieces }) => computePartMac(input, pieces)));
    macs.forEach((mac, index) => expect(mac).toEqual(referencePartMac({ ...inputs[index]!.input, plaintext: inputs[index]!.plaintext }).mac));
  });
});

describe('part hashes', () => {
  it.each([
    ['node:crypto', nodeSha256Hex],
    ['WebCrypto', webCryptoSha256Hex],
  ])('are the SHA-256 of the part in hex over %s (property)', async (_name, sha256Hex) => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 5000 }), fc.nat({ max: 10 }), async (bytes, offset) => {
        const view = bytes.subarray(Math.min(offset, bytes.length));
        expect(await sha256Hex(view)).toBe(createHash('sha256').update(view).digest('hex'));
      }),
      { numRuns: 50 },
    );
  });
});

describe('part MAC invalid input', () => {
  const computePartMac = createPartMac(nodeHmacSha256);
  const input = { fileKey, salt, part: 0, start: 0, end: 4 };
  const four = new Uint8Array(4);

  it.each<[string, () => Promise<unknown>]>([
    ['a plaintext shorter than the range', () => computePartMac(input, new Uint8Array(3))],
    ['pieces longer than the range', () => computePartMac(input, [four, new Uint8Array(1)])],
    ['a 16-byte file key', () => computePartMac({ ...input, fileKey: new Uint8Array(16) }, four)],
    ['a 31-byte salt', () => computePartMac({ ...input, salt: new Uint8Array(31) }, four)],
    ['a negative part', () => computePartMac({ ...input, part: -1 }, four)],
    ['a fractional part', () => computePartMac({ ...input, part: 0.5 }, four)],
    ['an end before the start', () => computePartMac({ ...input, start: 5, end: 4 }, new Uint8Array(0))],
    ['a negative start', () => computePartMac({ ...input, start: -4, end: 0 }, four)],
    ['a piece that is not bytes', () => computePartMac(input, ['abcd' as unknown as Uint8Array])],
    ['no input object', () => computePartMac(null as never, four)],
  ])('refuses %s', async (_name, run) => {
    await expectCodeAsync(run, 'INVALID_INPUT');
  });

  it.each<[string, () => unknown]>([
    ['a part past the end', () => planPart({ chunkSize: 4096, plaintextLength: 10 }, 8192, 1)],
    ['a negative part', () => planPart({ chunkSize: 4096, plaintextLength: 10 }, 8192, -1)],
    ['a part size no larger than the header', () => planPart({ chunkSize: 4096, plaintextLength: 10 }, HEADER_LENGTH, 0)],
    ['a zero ciphertext size', () => partCount(0, 8192)],
    ['a fractional part size', () => partCount(100, 8192.5)],
  ])('refuses to plan %s', (_name, run) => {
    expectCode(run, 'INVALID_INPUT');
  });
});

describe('part plans', () => {
  it('cut the ciphertext into consecutive parts, each covering exactly the chunks it overlaps (property)', () => {
    fc.assert(
      fc.property(fc.nat({ max: 200_000 }), fc.constantFrom(4096, 8192, 16384), fc.integer({ min: 81, max: 40_000 }), (plaintextLength, chunkSize, partSize) => {
        const total = ciphertextLength(plaintextLength, chunkSize);
        let next = 0;
        for (let part = 0; part < partCount(total, partSize); part++) {
          const plan = planPart({ chunkSize, plaintextLength }, partSize, part);
          expect(plan).toEqual({ part, ...referencePlanPart(plaintextLength, chunkSize, partSize, part) });
          expect(plan.ciphertextStart).toBe(next);
          next = plan.ciphertextEnd;
          // The first and last chunks overlap the part; their neighbours do not.
          const chunkStart = (index: number) => HEADER_LENGTH + index * (chunkSize + 16);
          expect(chunkStart(plan.firstChunk)).toBeLessThan(plan.ciphertextEnd);
          expect(chunkStart(plan.firstChunk + 1)).toBeGreaterThan(Math.max(plan.ciphertextStart, HEADER_LENGTH));
          expect(chunkStart(plan.lastChunk)).toBeLessThan(plan.ciphertextEnd);
          expect(chunkStart(plan.lastChunk + 1)).toBeGreaterThanOrEqual(plan.ciphertextEnd);
        }
        expect(next).toBe(total);
      }),
      { numRuns: 300 },
    );
  });
});

interface FileVector { name: string; key: string; salt: string; context: string; chunkSize: number; plaintext: string; ciphertext: string }
const fileVectors = (fileVectorsJson as { vectors: FileVector[] }).vectors;
const cipherBackends: [string, ChunkCipherFactory][] = [
  ['node:crypto', nodeChunkCipher],
  ['WebCrypto', webCryptoChunkCipher],
  ['@noble/ciphers (pure JS)', nobleChunkCipher],
];

describe.each(cipherBackends)('random-access encryption over %s', (_name, backend) => {
  const crypto = createFileCrypto(backend);

  for (const vector of fileVectors) {
    it(`reproduces the vector chunk by chunk, in reverse order: ${vector.name}`, async () => {
      const plaintext = unhex(vector.plaintext);
      const encryptor = await crypto.createFileEncryptor({
        key: unhex(vector.key),
        salt: unhex(vector.salt),
        context: unhex(vector.context),
        chunkSize: vector.chunkSize,
        plaintextLength: plaintext.length,
      });
      const sealed: Uint8Array[][] = [];
      for (let index = encryptor.chunkCount - 1; index >= 0; index--) {
        const from = index * vector.chunkSize;
        sealed[index] = await encryptor.encryptChunk(index, plaintext.subarray(from, Math.min(from + vector.chunkSize, plaintext.length)));
      }
      const ciphertext = Buffer.concat([encryptor.header.bytes, ...sealed.flat()]);
      expect(ciphertext.toString('hex')).toBe(vector.ciphertext);
    });
  }

  it('draws a fresh salt when none is given, and its output decrypts', async () => {
    const options = { key: new Uint8Array(32).fill(1), context: new Uint8Array([1]), chunkSize: 4096, plaintextLength: 5000 };
    const [a, b] = await Promise.all([crypto.createFileEncryptor(options), crypto.createFileEncryptor(options)]);
    expect(hex(a.header.salt)).not.toBe(hex(b.header.salt));
    const plaintext = new Uint8Array(5000).fill(7);
    const chunks = [await a.encryptChunk(0, plaintext.subarray(0, 4096)), await a.encryptChunk(1, plaintext.subarray(4096))];
    const ciphertext = new Uint8Array(Buffer.concat([a.header.bytes, ...chunks.flat()]));
    expect(await crypto.decrypt(ciphertext, options)).toEqual(plaintext);
  });

  it('refuses a chunk of the wrong length or index, and a bad salt', async () => {
    const options = { key: new Uint8Array(32).fill(1), context: new Uint8Array(0), chunkSize: 4096, plaintextLength: 5000 };
    const encryptor = await crypto.createFileEncryptor(options);
    await expectCodeAsync(() => encryptor.encryptChunk(1, new Uint8Array(4096)), 'INVALID_INPUT');
    await expectCodeAsync(() => encryptor.encryptChunk(0, new Uint8Array(904)), 'INVALID_INPUT');
    await expectCodeAsync(() => encryptor.encryptChunk(2, new Uint8Array(0)), 'INVALID_INPUT');
    await expectCodeAsync(() => encryptor.encryptChunk(-1, new Uint8Array(4096)), 'INVALID_INPUT');
    await expectCodeAsync(() => encryptor.encryptChunk(0, 'text' as unknown as Uint8Array), 'INVALID_INPUT');
    await expectCodeAsync(() => crypto.createFileEncryptor({ ...options, salt: new Uint8Array(16) }), 'INVALID_INPUT');
  });
});

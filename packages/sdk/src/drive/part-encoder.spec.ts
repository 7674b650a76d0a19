import { computePartMac, createFileEncryptor, decrypt, partCount, planPart } from '@coffre/crypto/file';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesSource, streamSource } from './byte-source.js';
import { PartEncoder } from './part-encoder.js';

const key = new Uint8Array(32).fill(4);
const context = new Uint8Array([1, 2, 3]);

function plaintextOf(length: number): Uint8Array {
  return new Uint8Array(length).map((_, i) => (i * 131 + 17) & 0xff);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

async function encodeAll(plaintext: Uint8Array, chunkSize: number, partSize: number, order: 'forward' | 'shuffled', salt?: Uint8Array) {
  const encryptor = await createFileEncryptor({ key, context, chunkSize, plaintextLength: plaintext.length, ...(salt && { salt }) });
  const count = partCount(encryptor.header.plaintextLength + 80 + 16 * Math.max(1, Math.ceil(plaintext.length / chunkSize)), partSize);
  const encoder = new PartEncoder(encryptor, order === 'forward' ? streamSource(new Blob([plaintext as BlobPart]).stream(), plaintext.length) : bytesSource(plaintext), partSize);
  const numbers = Array.from({ length: count }, (_, n) => n);
  if (order === 'shuffled') numbers.reverse();
  const parts: Uint8Array[] = [];
  const macs: Uint8Array[] = [];
  for (const n of numbers) {
    const part = await encoder.encode(n);
    parts[n] = part.bytes;
    macs[n] = await computePartMac({ fileKey: key, salt: encryptor.header.salt, part: n, start: part.plan.start, end: part.plan.end }, part.plaintext);
    expect(part.plaintext.reduce((sum, piece) => sum + piece.length, 0)).toBe(part.plan.end - part.plan.start);
  }
  return { ciphertext: concat(parts), macs, salt: encryptor.header.salt };
}

describe('part encoder', () => {
  it('cuts a ciphertext that decrypts to the plaintext, parts straddling chunks (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 60_000 }), fc.constantFrom(4096, 8192), fc.integer({ min: 81, max: 20_000 }), async (length, chunkSize, partSize) => {
        const plaintext = plaintextOf(length);
        const { ciphertext } = await encodeAll(plaintext, chunkSize, partSize, 'forward');
        expect(Buffer.from(await decrypt(ciphertext, { key, context })).equals(plaintext)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('produces the same bytes and MACs in any order from the same key and salt (what a resume relies on)', async () => {
    const plaintext = plaintextOf(50_000);
    const forward = await encodeAll(plaintext, 4096, 9000, 'forward');
    const shuffled = await encodeAll(plaintext, 4096, 9000, 'shuffled', forward.salt);
    expect(Buffer.from(shuffled.ciphertext).equals(Buffer.from(forward.ciphertext))).toBe(true);
    expect(shuffled.macs).toEqual(forward.macs);
  });

  it('gives every part a MAC over the plaintext of every chunk it overlaps', async () => {
    const plaintext = plaintextOf(20_000);
    const { macs, salt } = await encodeAll(plaintext, 4096, 5000, 'forward');
    for (let n = 0; n < macs.length; n++) {
      const plan = planPart({ chunkSize: 4096, plaintextLength: plaintext.length }, 5000, n);
      const expected = await computePartMac({ fileKey: key, salt, part: n, start: plan.start, end: plan.end }, plaintext.subarray(plan.start, plan.end));
      expect(macs[n]).toEqual(expected);
    }
  });

  it('gives the same bytes reading into one reused buffer and writing into one pooled buffer', async () => {
    const plaintext = plaintextOf(70_000);
    const reference = await encodeAll(plaintext, 4096, 9000, 'forward');
    const encryptor = await createFileEncryptor({ key, context, chunkSize: 4096, plaintextLength: plaintext.length, salt: reference.salt });
    const reads: Uint8Array[] = [];
    const source = {
      ...bytesSource(plaintext),
      readInto: async (target: Uint8Array, start: number) => {
        reads.push(target);
        target.set(plaintext.subarray(start, start + target.length));
        return target;
      },
    };
    const encoder = new PartEncoder(encryptor, source, 9000);
    const pooled = new Uint8Array(9000);
    const parts: Uint8Array[] = [];
    for (let n = 0; n * 9000 < reference.ciphertext.length; n++) {
      const part = await encoder.encode(n, pooled);
      expect(part.bytes.buffer).toBe(pooled.buffer);
      // The pieces hold the same bytes apart from the pooled buffer (what a Blob body is made of).
      expect(concat(part.pieces)).toEqual(part.bytes);
      expect(part.pieces.some((piece) => piece.buffer === pooled.buffer)).toBe(false);
      expect(await computePartMac({ fileKey: key, salt: reference.salt, part: n, start: part.plan.start, end: part.plan.end }, part.plaintext)).toEqual(reference.macs[n]);
      parts.push(part.bytes.slice());
    }
    expect(Buffer.from(concat(parts)).equals(Buffer.from(reference.ciphertext))).toBe(true);
    expect(new Set(reads.map((target) => target.buffer)).size).toBe(1);
  });

  it('encodes an empty file as one part holding the header and one empty chunk', async () => {
    const { ciphertext } = await encodeAll(new Uint8Array(0), 4096, 1 << 20, 'forward');
    expect(ciphertext.length).toBe(96);
    expect(await decrypt(ciphertext, { key, context })).toEqual(new Uint8Array(0));
  });

  it('fails with SOURCE_CHANGED when a stream ends early', async () => {
    const encryptor = await createFileEncryptor({ key, context, chunkSize: 4096, plaintextLength: 10_000 });
    const encoder = new PartEncoder(encryptor, streamSource(new Blob([plaintextOf(9_000) as BlobPart]).stream(), 10_000), 1 << 20);
    await expect(encoder.encode(0)).rejects.toMatchObject({ code: 'SOURCE_CHANGED' });
  });
});

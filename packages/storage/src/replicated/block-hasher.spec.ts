import { createHash, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BlockHasher, blockLength, expectedBlockHash } from './block-hasher.js';

describe('BlockHasher', () => {
  it('hashes each block whatever the chunk boundaries', () => {
    const data = new Uint8Array(randomBytes(10_000));
    const blockSize = 1_024;
    const expected = Array.from({ length: 10 }, (_, index) =>
      createHash('sha256').update(data.subarray(index * blockSize, (index + 1) * blockSize)).digest(),
    );
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000 }), { maxLength: 20 }), (cuts) => {
        const hasher = new BlockHasher(blockSize);
        const points = [0, ...cuts.sort((a, b) => a - b), data.length];
        for (let index = 1; index < points.length; index += 1) hasher.update(data.subarray(points[index - 1], points[index]));
        const digest = hasher.digest();
        expect(digest.length).toBe(10 * 32);
        expected.forEach((hash, index) => expect(Buffer.from(expectedBlockHash(digest, index)).equals(hash)).toBe(true));
      }),
      { numRuns: 50 },
    );
  });

  it('has no block for empty content, and a short last block otherwise', () => {
    expect(new BlockHasher(16).digest().length).toBe(0);
    const hasher = new BlockHasher(16);
    hasher.update(new Uint8Array(17));
    expect(hasher.digest().length).toBe(64);
    expect([blockLength(17, 16, 0), blockLength(17, 16, 1), blockLength(17, 16, 2)]).toEqual([16, 1, 0]);
  });
});

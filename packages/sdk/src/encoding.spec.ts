import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase64url, toBase64url } from './encoding.js';

describe('base64url', () => {
  it('encodes as node:crypto does, and decodes back, for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const text = toBase64url(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64url'));
        expect(fromBase64url(text)).toEqual(bytes);
      }),
    );
  });

  it.each([
    ['padding', 'AAA='],
    ['a character outside the alphabet', 'AA+A'],
    ['a length of 1 mod 4', 'AAAAA'],
    ['non-zero unused bits', 'AB'],
  ])('refuses %s', (_name, text) => {
    expect(() => fromBase64url(text)).toThrow(TypeError);
  });
});

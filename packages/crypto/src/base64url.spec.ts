import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectCode } from '../test/support/errors.js';
import { fromBase64url, toBase64url } from './base64url.js';

describe('base64url', () => {
  it('encodes as node:crypto does (RFC 4648 §5, no padding) and decodes back', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = toBase64url(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64url'));
        expect(fromBase64url(text)).toEqual(bytes);
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    ['padding', 'AA=='],
    ['standard alphabet', 'ab+/'],
    ['whitespace', 'AA AA'],
    ['impossible length', 'AAAAA'],
    ['non-zero trailing bits', 'AB'],
    ['non-zero trailing bits (two bytes)', 'AAB'],
  ])('refuses %s', (_name, text) => {
    expectCode(() => fromBase64url(text), 'INVALID_INPUT');
  });

  it('refuses non-strings', () => {
    expectCode(() => fromBase64url(42 as unknown as string), 'INVALID_INPUT');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flipBit, hex, unhex } from '../test/support/bytes.js';
import { expectCode, thrownCode } from '../test/support/errors.js';
import { hkdf, referenceOpenEnvelope } from '../test/vectors/reference.js';
import { readVectors } from '../test/vectors/vector-files.js';
import { type CryptoErrorCode } from './errors.js';
import { formatRecoveryKey, generateRecoveryKey, openRecoveryWrap, parseRecoveryKey, sealRecoveryWrap } from './recovery.js';

interface RecoveryVectors {
  valid: { name: string; accountId: string; secret: string; text: string; wrappingKey: string; rootKey: string; wrap: string }[];
  formatting: { secret: string; text: string }[];
  normalised: { name: string; input: string; secret: string }[];
  typos: { name: string; input: string; error: CryptoErrorCode }[];
  invalid: { name: string; accountId: string; text: string; wrap: string; error: CryptoErrorCode }[];
}

const vectors = readVectors<RecoveryVectors>('recovery');
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const rootKey = new Uint8Array(32).fill(3);

/** Every way to change one character of `text` into another character of the alphabet. */
function substitutions(text: string): string[] {
  const out: string[] = [];
  [...text].forEach((char, index) => {
    if (char === '-') return;
    for (const replacement of ALPHABET) {
      if (replacement !== char) out.push(text.slice(0, index) + replacement + text.slice(index + 1));
    }
  });
  return out;
}

/** Every swap of two adjacent, different characters inside a group. */
function adjacentSwaps(text: string): string[] {
  const out: string[] = [];
  for (let index = 0; index + 1 < text.length; index++) {
    const [a, b] = [text[index]!, text[index + 1]!];
    if (a === '-' || b === '-' || a === b) continue;
    out.push(text.slice(0, index) + b + a + text.slice(index + 2));
  }
  return out;
}

/** Every swap of two different groups. */
function groupSwaps(text: string): string[] {
  const groups = text.split('-');
  const out: string[] = [];
  for (let i = 0; i < groups.length; i++) {
    for (let j = i + 1; j < groups.length; j++) {
      if (groups[i] === groups[j]) continue;
      const swapped = [...groups];
      [swapped[i], swapped[j]] = [groups[j]!, groups[i]!];
      out.push(swapped.join('-'));
    }
  }
  return out;
}

describe('recovery vectors', () => {
  for (const vector of vectors.valid) {
    it(`parses, formats and opens: ${vector.name}`, () => {
      expect(hex(parseRecoveryKey(vector.text))).toBe(vector.secret);
      expect(formatRecoveryKey(unhex(vector.secret))).toBe(vector.text);
      expect(hex(openRecoveryWrap(unhex(vector.wrap), vector.text, vector.accountId))).toBe(vector.rootKey);
    });

    it(`matches the specification: ${vector.name}`, () => {
      const wrappingKey = hkdf(unhex(vector.secret), new TextEncoder().encode(vector.accountId), 'coffre/v1/recovery/wrapping-key', 32);
      expect(hex(wrappingKey)).toBe(vector.wrappingKey);
      const opened = referenceOpenEnvelope(wrappingKey, 'recovery-wrap', { ownerId: vector.accountId, version: 1 }, unhex(vector.wrap));
      expect(hex(opened.plaintext)).toBe(vector.rootKey);
    });

    it(`rejects every one-bit flip of the wrap: ${vector.name}`, () => {
      const wrap = unhex(vector.wrap);
      for (let bit = 0; bit < wrap.length * 8; bit++) {
        const code = thrownCode(() => openRecoveryWrap(flipBit(wrap, bit), vector.text, vector.accountId));
        expect(bit < 24 ? ['DECRYPT_FAILED', 'UNSUPPORTED_VERSION'] : ['DECRYPT_FAILED']).toContain(code);
      }
    });

    it(`detects every single substitution, adjacent swap and group swap: ${vector.name}`, () => {
      const typos = [...substitutions(vector.text), ...adjacentSwaps(vector.text), ...groupSwaps(vector.text)];
      expect(typos.length).toBeGreaterThan(1240);
      for (const typo of typos) expectCode(() => parseRecoveryKey(typo), 'INVALID_INPUT');
    });
  }

  it.each(vectors.formatting)('formats $secret', ({ secret, text }) => {
    expect(formatRecoveryKey(unhex(secret))).toBe(text);
    expect(hex(parseRecoveryKey(text))).toBe(secret);
  });

  it.each(vectors.normalised)('normalises: $name', ({ input, secret }) => {
    expect(hex(parseRecoveryKey(input))).toBe(secret);
  });

  it.each(vectors.typos)('refuses typo: $name', ({ input, error }) => {
    expectCode(() => parseRecoveryKey(input), error);
  });

  it.each(vectors.invalid)('refuses: $name', ({ accountId, text, wrap, error }) => {
    expectCode(() => openRecoveryWrap(unhex(wrap), text, accountId), error);
  });

  it('parses the key before anything is decrypted', () => {
    const [vector] = vectors.valid;
    // A wrap of an unknown version would fail with UNSUPPORTED_VERSION if it were ever read.
    const unreadable = unhex(`02${vector!.wrap.slice(2)}`);
    expectCode(() => openRecoveryWrap(unreadable, vector!.text, vector!.accountId), 'UNSUPPORTED_VERSION');
    expectCode(() => openRecoveryWrap(unreadable, vectors.typos[0]!.input, vector!.accountId), 'INVALID_INPUT');
  });
});

describe('recovery properties', () => {
  const secrets = fc.uint8Array({ minLength: 20, maxLength: 20 });

  it('formats and parses back any secret', () => {
    fc.assert(
      fc.property(secrets, (secret) => {
        const text = formatRecoveryKey(secret);
        expect(text).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){7}$/);
        expect(parseRecoveryKey(text)).toEqual(secret);
      }),
      { numRuns: 500 },
    );
  });

  it('detects any single substitution, adjacent swap or group swap in any key', () => {
    fc.assert(
      fc.property(secrets, fc.nat(), (secret, pick) => {
        const text = formatRecoveryKey(secret);
        for (const typos of [substitutions(text), adjacentSwaps(text), groupSwaps(text)]) {
          if (typos.length > 0) expectCode(() => parseRecoveryKey(typos[pick % typos.length]!), 'INVALID_INPUT');
        }
      }),
      { numRuns: 500 },
    );
  });

  it('wraps and unwraps the root key with a fresh recovery key', () => {
    const { secret, text } = generateRecoveryKey();
    expect(parseRecoveryKey(text)).toEqual(secret);
    expect(openRecoveryWrap(sealRecoveryWrap(rootKey, secret, 'acct'), text, 'acct')).toEqual(rootKey);
    expect(generateRecoveryKey().secret).not.toEqual(secret);
  });
});

describe('recovery invalid input', () => {
  const secret = new Uint8Array(20).fill(1);

  it.each([[new Uint8Array(19)], [new Uint8Array(21)], ['secret'], [null]])('refuses secret %o', (bad) => {
    expectCode(() => formatRecoveryKey(bad as Uint8Array), 'INVALID_INPUT');
    expectCode(() => sealRecoveryWrap(rootKey, bad as Uint8Array, 'acct'), 'INVALID_INPUT');
  });

  it.each([[null], [42], [undefined]])('refuses recovery key text %o', (bad) => {
    expectCode(() => parseRecoveryKey(bad as unknown as string), 'INVALID_INPUT');
  });

  it.each([[new Uint8Array(16)], [new Uint8Array(33)], ['root']])('refuses root key %o', (bad) => {
    expectCode(() => sealRecoveryWrap(bad as Uint8Array, secret, 'acct'), 'INVALID_INPUT');
  });

  it.each([[''], [null]])('refuses account id %o', (bad) => {
    expectCode(() => sealRecoveryWrap(rootKey, secret, bad as string), 'INVALID_INPUT');
  });
});

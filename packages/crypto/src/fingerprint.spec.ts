import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { flipBit, hex, unhex } from '../test/support/bytes.js';
import { expectCode } from '../test/support/errors.js';
import { fields } from '../test/vectors/reference.js';
import { readVectors } from '../test/vectors/vector-files.js';
import { createAccountKeys } from './account.js';
import { type CryptoErrorCode } from './errors.js';
import { accountFingerprint, ensurePinnedKeys } from './fingerprint.js';

interface FingerprintVectors {
  valid: { name: string; sharing: string; signing: string; digest: string; display: string }[];
  invalid: { name: string; check: 'pin' | 'fingerprint'; pinned?: string; sharing: string; signing: string; error: CryptoErrorCode }[];
}

const vectors = readVectors<FingerprintVectors>('fingerprint');

/** The display digits computed from the specification, with BigInt arithmetic. */
function referenceDisplay(digest: Uint8Array): string {
  return Array.from({ length: 6 }, (_, group) => (BigInt(`0x${hex(digest.subarray(group * 5, group * 5 + 5))}`) % 100000n).toString().padStart(5, '0')).join(' ');
}

describe('fingerprint vectors', () => {
  for (const vector of vectors.valid) {
    const keys = { sharing: unhex(vector.sharing), signing: unhex(vector.signing) };

    it(`computes: ${vector.name}`, () => {
      expect(accountFingerprint(keys)).toEqual({ digest: unhex(vector.digest), display: vector.display });
      expect(() => ensurePinnedKeys(unhex(vector.digest), keys)).not.toThrow();
    });

    it(`matches the specification: ${vector.name}`, () => {
      const input = fields(new TextEncoder().encode('coffre/v1/fingerprint/account-public-keys'), keys.sharing, keys.signing);
      const digest = new Uint8Array(createHash('sha256').update(input).digest());
      expect(hex(digest)).toBe(vector.digest);
      expect(referenceDisplay(digest)).toBe(vector.display);
    });

    it(`reports KEY_CHANGED for a one-bit flip anywhere in either key: ${vector.name}`, () => {
      for (let bit = 0; bit < 256; bit++) {
        expectCode(() => ensurePinnedKeys(unhex(vector.digest), { ...keys, sharing: flipBit(keys.sharing, bit) }), 'KEY_CHANGED');
        expectCode(() => ensurePinnedKeys(unhex(vector.digest), { ...keys, signing: flipBit(keys.signing, bit) }), 'KEY_CHANGED');
      }
    });
  }

  for (const vector of vectors.invalid) {
    it(`refuses: ${vector.name}`, () => {
      const keys = { sharing: unhex(vector.sharing), signing: unhex(vector.signing) };
      if (vector.check === 'pin') expectCode(() => ensurePinnedKeys(unhex(vector.pinned!), keys), vector.error);
      else expectCode(() => accountFingerprint(keys), vector.error);
    });
  }
});

describe('fingerprint properties', () => {
  it('shows 6 groups of 5 digits, as the specification computes them', () => {
    const secret = fc.uint8Array({ minLength: 32, maxLength: 32 });
    fc.assert(
      fc.property(secret, secret, (sharingSecret, signingSecret) => {
        const keys = { sharing: x25519.getPublicKey(sharingSecret), signing: ed25519.getPublicKey(signingSecret) };
        const { digest, display } = accountFingerprint(keys);
        expect(display).toMatch(/^\d{5}( \d{5}){5}$/);
        expect(display).toBe(referenceDisplay(digest));
      }),
      { numRuns: 50 },
    );
  });

  it('differs between accounts', () => {
    const digests = new Set(Array.from({ length: 50 }, () => {
      const keys = createAccountKeys();
      return hex(accountFingerprint({ sharing: keys.sharing.publicKey, signing: keys.signing.publicKey }).digest);
    }));
    expect(digests.size).toBe(50);
  });
});

describe('fingerprint invalid input', () => {
  const keys = createAccountKeys();
  const valid = { sharing: keys.sharing.publicKey, signing: keys.signing.publicKey };
  const pinned = accountFingerprint(valid).digest;

  it.each([[null], ['keys'], [{ sharing: valid.sharing }], [{ ...valid, sharing: new Uint8Array(31) }], [{ ...valid, signing: 'key' }]])('refuses keys %o', (bad) => {
    expectCode(() => accountFingerprint(bad as typeof valid), 'INVALID_INPUT');
    expectCode(() => ensurePinnedKeys(pinned, bad as typeof valid), 'INVALID_INPUT');
  });

  it.each([[new Uint8Array(31)], [hex(pinned)], [null]])('refuses pinned digest %o', (bad) => {
    expectCode(() => ensurePinnedKeys(bad as Uint8Array, valid), 'INVALID_INPUT');
  });
});

import { ED25519_TORSION_SUBGROUP, ed25519, x25519 } from '@noble/curves/ed25519.js';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { unhex } from '../test/support/bytes.js';
import { expectCode } from '../test/support/errors.js';
import { ensureSharingPublicKey, ensureSigningPublicKey } from './public-keys.js';

/** u-coordinates of the X25519 points of order 1, 2, 4 and 8, with non-canonical forms (u + p). */
const LOW_ORDER_X25519 = [
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0100000000000000000000000000000000000000000000000000000000000000',
  'e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800',
  '5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
];

describe('public key validation', () => {
  it.each(LOW_ORDER_X25519)('refuses low-order X25519 key %s', (key) => {
    expectCode(() => ensureSharingPublicKey(unhex(key)), 'INVALID_INPUT');
  });

  it.each([...ED25519_TORSION_SUBGROUP])('refuses small-order Ed25519 key %s', (key) => {
    expectCode(() => ensureSigningPublicKey(unhex(key)), 'INVALID_INPUT');
  });

  it('refuses Ed25519 encodings that are not points, or not canonical', () => {
    expectCode(() => ensureSigningPublicKey(new Uint8Array(32).fill(0xff)), 'INVALID_INPUT');
    // y = p + 1 encodes the identity non-canonically.
    expectCode(() => ensureSigningPublicKey(unhex('eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f')), 'INVALID_INPUT');
  });

  it('accepts every honestly generated key', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (secret) => {
        ensureSharingPublicKey(x25519.getPublicKey(secret));
        ensureSigningPublicKey(ed25519.getPublicKey(secret));
      }),
      { numRuns: 100 },
    );
  });

  it.each([[new Uint8Array(31)], [new Uint8Array(33)], ['key'], [null]])('refuses %o', (bad) => {
    expectCode(() => ensureSharingPublicKey(bad), 'INVALID_INPUT');
    expectCode(() => ensureSigningPublicKey(bad), 'INVALID_INPUT');
  });
});

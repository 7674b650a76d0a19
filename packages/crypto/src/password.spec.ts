import { argon2id as nobleArgon2id } from '@noble/hashes/argon2.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flipBit, hex, unhex } from '../test/support/bytes.js';
import { expectCode, expectCodeAsync } from '../test/support/errors.js';
import { hkdf } from '../test/vectors/reference.js';
import { readVectors } from '../test/vectors/vector-files.js';
import { type CryptoErrorCode } from './errors.js';
import {
  DEFAULT_PASSWORD_COST,
  MAX_PASSWORD_COST,
  MIN_PASSWORD_COST,
  type PasswordCost,
  type PasswordParams,
  createPasswordParams,
  decodePasswordParams,
  deriveLinkPasswordKey,
  encodePasswordParams,
} from './password.js';

interface PasswordVectors {
  valid: { name: string; password: string; params: string; stretched: string; key: string }[];
  invalid: { name: string; params: string; error: CryptoErrorCode }[];
}

const vectors = readVectors<PasswordVectors>('password');
const floorVectors = vectors.valid.filter((vector) => decodePasswordParams(unhex(vector.params)).memoryKiB === MIN_PASSWORD_COST.memoryKiB);

describe('password vectors', () => {
  it('include the floor and the default cost', () => {
    const costs = vectors.valid.map((vector) => decodePasswordParams(unhex(vector.params)).memoryKiB);
    expect(costs).toContain(MIN_PASSWORD_COST.memoryKiB);
    expect(costs).toContain(DEFAULT_PASSWORD_COST.memoryKiB);
  });

  for (const vector of vectors.valid) {
    it(`derives: ${vector.name}`, async () => {
      const params = decodePasswordParams(unhex(vector.params));
      expect(hex(encodePasswordParams(params))).toBe(vector.params);
      expect(hex(await deriveLinkPasswordKey(vector.password, params))).toBe(vector.key);
      // The link key is HKDF-SHA-256 of the Argon2id output, as node:crypto computes it.
      expect(hex(hkdf(unhex(vector.stretched), new Uint8Array(0), 'coffre/v1/link/password-key', 32))).toBe(vector.key);
    });

    it(`changes the key when one bit of the salt changes: ${vector.name}`, async () => {
      const params = decodePasswordParams(unhex(vector.params));
      const flipped = { ...params, salt: flipBit(params.salt, 77) };
      expect(hex(await deriveLinkPasswordKey(vector.password, flipped))).not.toBe(vector.key);
    });
  }

  // A second, independent Argon2id implementation (pure JS) agrees with the WebAssembly one.
  for (const vector of floorVectors) {
    it(`Argon2id output matches @noble/hashes: ${vector.name}`, () => {
      const params = decodePasswordParams(unhex(vector.params));
      const stretched = nobleArgon2id(new TextEncoder().encode(vector.password.normalize('NFC')), params.salt, {
        m: params.memoryKiB,
        t: params.iterations,
        p: params.parallelism,
        dkLen: 32,
      });
      expect(hex(stretched)).toBe(vector.stretched);
    });
  }

  it.each(vectors.invalid)('refuses params: $name', ({ params, error }) => {
    expectCode(() => decodePasswordParams(unhex(params)), error);
  });
});

describe('password params', () => {
  it('defaults to m = 64 MiB, t = 3, p = 1 with a fresh 16-byte salt', () => {
    const a = createPasswordParams();
    const b = createPasswordParams();
    expect({ memoryKiB: a.memoryKiB, iterations: a.iterations, parallelism: a.parallelism }).toEqual({ memoryKiB: 65536, iterations: 3, parallelism: 1 });
    expect(a.salt.length).toBe(16);
    expect(a.salt).not.toEqual(b.salt);
  });

  it('round-trips any cost between floor and ceiling', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: MIN_PASSWORD_COST.memoryKiB, max: MAX_PASSWORD_COST.memoryKiB }),
        fc.integer({ min: MIN_PASSWORD_COST.iterations, max: MAX_PASSWORD_COST.iterations }),
        fc.integer({ min: MIN_PASSWORD_COST.parallelism, max: MAX_PASSWORD_COST.parallelism }),
        (memoryKiB, iterations, parallelism) => {
          const params = createPasswordParams({ memoryKiB, iterations, parallelism });
          expect(decodePasswordParams(encodePasswordParams(params))).toEqual(params);
        },
      ),
    );
  });

  const badCosts: [string, unknown][] = [
    ['memory below the floor', { ...MIN_PASSWORD_COST, memoryKiB: MIN_PASSWORD_COST.memoryKiB - 1 }],
    ['iterations below the floor', { ...MIN_PASSWORD_COST, iterations: 1 }],
    ['parallelism zero', { ...MIN_PASSWORD_COST, parallelism: 0 }],
    ['memory above the ceiling', { ...MAX_PASSWORD_COST, memoryKiB: MAX_PASSWORD_COST.memoryKiB + 1 }],
    ['iterations above the ceiling', { ...MAX_PASSWORD_COST, iterations: MAX_PASSWORD_COST.iterations + 1 }],
    ['parallelism above the ceiling', { ...MAX_PASSWORD_COST, parallelism: MAX_PASSWORD_COST.parallelism + 1 }],
    ['fractional memory', { ...DEFAULT_PASSWORD_COST, memoryKiB: 65536.5 }],
    ['NaN iterations', { ...DEFAULT_PASSWORD_COST, iterations: Number.NaN }],
    ['string parallelism', { ...DEFAULT_PASSWORD_COST, parallelism: '1' }],
    ['not an object', null],
  ];
  it.each(badCosts)('refuses cost: %s', (_name, cost) => {
    expectCode(() => createPasswordParams(cost as PasswordCost), 'INVALID_INPUT');
  });

  it('refuses records it cannot trust', () => {
    const params = createPasswordParams(MIN_PASSWORD_COST);
    expectCode(() => encodePasswordParams({ ...params, salt: new Uint8Array(15) }), 'INVALID_INPUT');
    expectCode(() => encodePasswordParams({ ...params, version: 2 } as unknown as PasswordParams), 'UNSUPPORTED_VERSION');
    expectCode(() => decodePasswordParams('010100' as unknown as Uint8Array), 'INVALID_INPUT');
    expectCode(() => decodePasswordParams(new Uint8Array(1)), 'INVALID_INPUT');
  });
});

describe('password invalid input', () => {
  const params = createPasswordParams(MIN_PASSWORD_COST);

  it.each([[''], [null], [42], ['x'.repeat(4097)]])('refuses password %o', async (password) => {
    await expectCodeAsync(() => deriveLinkPasswordKey(password as string, params), 'INVALID_INPUT');
  });

  it('refuses weak parameters before stretching anything', async () => {
    await expectCodeAsync(() => deriveLinkPasswordKey('pw', { ...params, iterations: 1 }), 'INVALID_INPUT');
    await expectCodeAsync(() => deriveLinkPasswordKey('pw', { ...params, memoryKiB: 8 }), 'INVALID_INPUT');
  });
});

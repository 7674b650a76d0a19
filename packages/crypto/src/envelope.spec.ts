import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { flipBit, hex, unhex } from '../test/support/bytes.js';
import { expectCode, thrownCode } from '../test/support/errors.js';
import { referenceOpenEnvelope } from '../test/vectors/reference.js';
import { readVectors } from '../test/vectors/vector-files.js';
import {
  ENVELOPE_OVERHEAD,
  type EnvelopeBinding,
  PURPOSES,
  type Purpose,
  envelopePurpose,
  openEnvelope,
  sealEnvelope,
} from './envelope.js';
import { type CryptoErrorCode } from './errors.js';

interface EnvelopeVectors {
  valid: {
    name: string;
    parentKey: string;
    purpose: Purpose;
    binding: EnvelopeBinding;
    plaintext: string;
    envelope: string;
    intermediate: { nonce: string; key: string; commitment: string; associatedData: string };
  }[];
  invalid: { name: string; parentKey: string; purpose: Purpose; binding: EnvelopeBinding; envelope: string; error: CryptoErrorCode }[];
}

const vectors = readVectors<EnvelopeVectors>('envelope');
const key = new Uint8Array(32).fill(7);
const nodeBinding: EnvelopeBinding = { ownerId: 'acct', nodeId: 'node', parentId: 'parent', version: 1 };

function bindingFor(purpose: Purpose): EnvelopeBinding {
  const scope = PURPOSES[purpose].scope;
  if (scope === 'account') return { ownerId: 'acct', version: 1 };
  if (scope === 'link') return { ownerId: 'acct', nodeId: 'node', linkId: 'link', version: 1 };
  if (scope === 'file') return { ownerId: 'acct', nodeId: 'node', version: 1 };
  return nodeBinding;
}

describe('envelope vectors', () => {
  it('covers every purpose', () => {
    expect(new Set(vectors.valid.map((vector) => vector.purpose))).toEqual(new Set(Object.keys(PURPOSES)));
  });

  for (const vector of vectors.valid) {
    it(`opens: ${vector.name}`, () => {
      const envelope = unhex(vector.envelope);
      expect(hex(openEnvelope(unhex(vector.parentKey), vector.purpose, vector.binding, envelope))).toBe(vector.plaintext);
      expect(envelopePurpose(envelope)).toBe(vector.purpose);
    });

    it(`matches the specification: ${vector.name}`, () => {
      const reference = referenceOpenEnvelope(unhex(vector.parentKey), vector.purpose, vector.binding, unhex(vector.envelope));
      expect(hex(reference.plaintext)).toBe(vector.plaintext);
      expect({
        nonce: hex(reference.nonce),
        key: hex(reference.key),
        commitment: hex(reference.commitment),
        associatedData: hex(reference.associatedData),
      }).toEqual(vector.intermediate);
      expect(unhex(vector.envelope).length).toBe(ENVELOPE_OVERHEAD + unhex(vector.plaintext).length);
    });

    it(`rejects every one-bit flip: ${vector.name}`, () => {
      const envelope = unhex(vector.envelope);
      for (let bit = 0; bit < envelope.length * 8; bit++) {
        const open = () => openEnvelope(unhex(vector.parentKey), vector.purpose, vector.binding, flipBit(envelope, bit));
        // Flipping the version, algorithm or purpose byte makes an unknown format or another
        // purpose; every other bit is an authentication failure.
        if (bit < 24) expect(['DECRYPT_FAILED', 'UNSUPPORTED_VERSION']).toContain(thrownCode(open));
        else expectCode(open, 'DECRYPT_FAILED');
      }
    });
  }

  for (const vector of vectors.invalid) {
    it(`refuses: ${vector.name}`, () => {
      expectCode(() => openEnvelope(unhex(vector.parentKey), vector.purpose, vector.binding, unhex(vector.envelope)), vector.error);
    });
  }
});

describe('envelope invalid input', () => {
  const sealed = sealEnvelope(key, 'node-name', nodeBinding, new Uint8Array([1, 2, 3]));
  const badKeys: unknown[] = [new Uint8Array(0), new Uint8Array(16), new Uint8Array(31), new Uint8Array(33), new Uint8Array(64), 'key', 42, null, undefined, [1, 2], new ArrayBuffer(32)];

  it.each(badKeys.map((value) => [value]))('refuses parent key %o', (badKey) => {
    expectCode(() => sealEnvelope(badKey as Uint8Array, 'node-name', nodeBinding, new Uint8Array(1)), 'INVALID_INPUT');
    expectCode(() => openEnvelope(badKey as Uint8Array, 'node-name', nodeBinding, sealed), 'INVALID_INPUT');
  });

  it.each([['bogus'], [''], [5], [null], ['toString'], ['__proto__']])('refuses purpose %o', (purpose) => {
    expectCode(() => sealEnvelope(key, purpose as Purpose, nodeBinding, new Uint8Array(1)), 'INVALID_INPUT');
    expectCode(() => openEnvelope(key, purpose as Purpose, nodeBinding, sealed), 'INVALID_INPUT');
  });

  const badBindings: [string, Purpose, unknown][] = [
    ['not an object', 'node-name', null],
    ['missing owner', 'node-name', { nodeId: 'n', parentId: 'p', version: 1 }],
    ['empty owner', 'node-name', { ownerId: '', nodeId: 'n', parentId: 'p', version: 1 }],
    ['owner not a string', 'node-name', { ownerId: 5, nodeId: 'n', parentId: 'p', version: 1 }],
    ['missing node for a node purpose', 'node-name', { ownerId: 'o', parentId: 'p', version: 1 }],
    ['missing parent for a node purpose', 'node-key-wrap', { ownerId: 'o', nodeId: 'n', version: 1 }],
    ['link id on a node purpose', 'node-name', { ownerId: 'o', nodeId: 'n', parentId: 'p', linkId: 'l', version: 1 }],
    ['node id on an account purpose', 'root-key-wrap', { ownerId: 'o', nodeId: 'n', version: 1 }],
    ['parent id on a link purpose', 'link-key-wrap', { ownerId: 'o', nodeId: 'n', linkId: 'l', parentId: 'p', version: 1 }],
    ['missing link id on a link purpose', 'link-key-wrap', { ownerId: 'o', nodeId: 'n', version: 1 }],
    ['parent id on a file purpose', 'file-key-wrap', { ownerId: 'o', nodeId: 'n', parentId: 'p', version: 1 }],
    ['empty parent id on a file purpose', 'file-key-wrap', { ownerId: 'o', nodeId: 'n', parentId: '', version: 1 }],
    ['link id on a file purpose', 'file-key-wrap', { ownerId: 'o', nodeId: 'n', linkId: 'l', version: 1 }],
    ['missing node on a file purpose', 'file-key-wrap', { ownerId: 'o', version: 1 }],
    ['parent id on the upload key wrap', 'upload-key-wrap', { ownerId: 'o', nodeId: 'n', parentId: '', version: 1 }],
    ['negative version', 'node-name', { ...nodeBinding, version: -1 }],
    ['fractional version', 'node-name', { ...nodeBinding, version: 1.5 }],
    ['NaN version', 'node-name', { ...nodeBinding, version: Number.NaN }],
    ['version above 2^53', 'node-name', { ...nodeBinding, version: 2 ** 53 }],
    ['version as a string', 'node-name', { ...nodeBinding, version: '1' }],
    ['id over 1024 bytes', 'node-name', { ...nodeBinding, nodeId: 'é'.repeat(513) }],
  ];
  it.each(badBindings)('refuses binding: %s', (_name, purpose, binding) => {
    expectCode(() => sealEnvelope(key, purpose, binding as EnvelopeBinding, new Uint8Array(1)), 'INVALID_INPUT');
  });

  it.each<[unknown]>([['text'], [null], [[1, 2, 3]], [new ArrayBuffer(3)]])('refuses plaintext %o', (plaintext) => {
    expectCode(() => sealEnvelope(key, 'node-name', nodeBinding, plaintext as Uint8Array), 'INVALID_INPUT');
  });

  it('refuses plaintexts over 1 MiB and accepts exactly 1 MiB', () => {
    expectCode(() => sealEnvelope(key, 'node-metadata', nodeBinding, new Uint8Array(1024 * 1024 + 1)), 'INVALID_INPUT');
    const max = sealEnvelope(key, 'node-metadata', nodeBinding, new Uint8Array(1024 * 1024));
    expect(openEnvelope(key, 'node-metadata', nodeBinding, max).length).toBe(1024 * 1024);
  });

  it.each<[unknown]>([['envelope'], [null], [42], [Array.from(sealed)]])('refuses envelope %o', (envelope) => {
    expectCode(() => openEnvelope(key, 'node-name', nodeBinding, envelope as Uint8Array), 'INVALID_INPUT');
    expectCode(() => envelopePurpose(envelope as Uint8Array), 'INVALID_INPUT');
  });

  it('reports unknown formats before any key is used', () => {
    expectCode(() => envelopePurpose(new Uint8Array([2, 1, 2, ...new Uint8Array(72)])), 'UNSUPPORTED_VERSION');
    expectCode(() => envelopePurpose(new Uint8Array([1, 9, 2, ...new Uint8Array(72)])), 'UNSUPPORTED_VERSION');
    expectCode(() => envelopePurpose(new Uint8Array([1, 1, 0xff, ...new Uint8Array(72)])), 'UNSUPPORTED_VERSION');
  });
});

describe('envelope properties', () => {
  const purposes = Object.keys(PURPOSES) as Purpose[];
  const id = fc.string({ minLength: 1, maxLength: 40 });

  it('round-trips, and the output decodes per the specification', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.constantFrom(...purposes),
        id,
        fc.nat({ max: Number.MAX_SAFE_INTEGER }),
        fc.uint8Array({ maxLength: 512 }),
        (parentKey, purpose, ownerId, version, plaintext) => {
          const binding = { ...bindingFor(purpose), ownerId, version };
          const envelope = sealEnvelope(parentKey, purpose, binding, plaintext);
          expect(openEnvelope(parentKey, purpose, binding, envelope)).toEqual(plaintext);
          expect(referenceOpenEnvelope(parentKey, purpose, binding, envelope).plaintext).toEqual(plaintext);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('never opens under a different binding', () => {
    fc.assert(
      fc.property(id, id, fc.constantFrom('ownerId', 'nodeId', 'parentId') as fc.Arbitrary<'ownerId' | 'nodeId' | 'parentId'>, (a, b, field) => {
        fc.pre(a !== b);
        const envelope = sealEnvelope(key, 'node-name', { ...nodeBinding, [field]: a }, new Uint8Array([1]));
        expectCode(() => openEnvelope(key, 'node-name', { ...nodeBinding, [field]: b }, envelope), 'DECRYPT_FAILED');
      }),
      { numRuns: 100 },
    );
  });

  it('keeps a file key wrap valid when the file moves, and binds it to the file version number', () => {
    const binding = { ownerId: 'acct', nodeId: 'node', version: 7 };
    const wrap = sealEnvelope(key, 'file-key-wrap', binding, new Uint8Array(32).fill(9));
    // No parent in the binding: a move rewraps the node key only, never the versions' file keys.
    expect(openEnvelope(key, 'file-key-wrap', binding, wrap)).toEqual(new Uint8Array(32).fill(9));
    for (const version of [0, 6, 8]) expectCode(() => openEnvelope(key, 'file-key-wrap', { ...binding, version }, wrap), 'DECRYPT_FAILED');
  });

  it('uses a fresh nonce for every envelope', () => {
    const nonces = new Set(Array.from({ length: 1000 }, () => hex(sealEnvelope(key, 'node-name', nodeBinding, new Uint8Array(0)).subarray(3, 27))));
    expect(nonces.size).toBe(1000);
  });

  it('derives keys with HKDF-SHA-256 exactly as node:crypto does (RFC 5869)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.uint8Array({ maxLength: 32 }), fc.uint8Array({ maxLength: 64 }), fc.integer({ min: 1, max: 255 }), (ikm, salt, info, length) => {
        expect(hkdf(sha256, ikm, salt, info, length)).toEqual(new Uint8Array(hkdfSync('sha256', ikm, salt, info, length)));
      }),
    );
  });
});

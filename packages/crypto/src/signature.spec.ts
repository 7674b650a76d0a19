import { ed25519 } from '@noble/curves/ed25519.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flipBit, hex, unhex } from '../test/support/bytes.js';
import { expectCode } from '../test/support/errors.js';
import { fields, nodeEd25519Sign, nodeEd25519Verify, sha256 } from '../test/vectors/reference.js';
import { readVectors } from '../test/vectors/vector-files.js';
import { createAccountKeys } from './account.js';
import { type CryptoErrorCode } from './errors.js';
import { type NodeRecord, ciphertextHash, ensureVersionAdvances, nodeRecordMessage, signNodeRecord, verifyNodeRecord } from './signature.js';

type HexRecord = Omit<NodeRecord, 'nameHash' | 'metadataHash' | 'wrappedKeyHash'> & { nameHash: string; metadataHash: string; wrappedKeyHash: string };
interface SignatureVectors {
  valid: { name: string; record: HexRecord; secretKey: string; publicKey: string; message: string; signature: string }[];
  invalid: { name: string; record: HexRecord; publicKey: string; signature: string; error: CryptoErrorCode }[];
  rollback: { name: string; version: number; lastSeen: number | null; accepted: boolean }[];
}

const vectors = readVectors<SignatureVectors>('signature');
const utf8 = (text: string) => new TextEncoder().encode(text);

function fromHex(record: HexRecord): NodeRecord {
  return { ...record, nameHash: unhex(record.nameHash), metadataHash: unhex(record.metadataHash), wrappedKeyHash: unhex(record.wrappedKeyHash) };
}

/** The signed message as docs/crypto.md describes it. */
function referenceMessage(record: NodeRecord): Uint8Array {
  const version = new Uint8Array(8);
  new DataView(version.buffer).setBigUint64(0, BigInt(record.version));
  return fields(
    utf8('coffre/v1/signature/node-record'),
    new Uint8Array([1]),
    utf8(record.nodeId),
    utf8(record.parentId),
    utf8(record.ownerId),
    version,
    record.nameHash,
    record.metadataHash,
    record.wrappedKeyHash,
  );
}

describe('signature vectors', () => {
  for (const vector of vectors.valid) {
    const record = fromHex(vector.record);

    it(`signs and verifies: ${vector.name}`, () => {
      expect(hex(nodeRecordMessage(record))).toBe(vector.message);
      expect(hex(signNodeRecord(record, unhex(vector.secretKey)))).toBe(vector.signature);
      expect(() => verifyNodeRecord(record, unhex(vector.signature), unhex(vector.publicKey))).not.toThrow();
    });

    it(`matches the specification and node:crypto (RFC 8032): ${vector.name}`, () => {
      expect(hex(referenceMessage(record))).toBe(vector.message);
      expect(hex(nodeEd25519Sign(unhex(vector.secretKey), unhex(vector.message)))).toBe(vector.signature);
      expect(nodeEd25519Verify(unhex(vector.publicKey), unhex(vector.message), unhex(vector.signature))).toBe(true);
    });

    it(`rejects a one-bit flip in every byte of the signature: ${vector.name}`, () => {
      const signature = unhex(vector.signature);
      for (let byte = 0; byte < 64; byte++) {
        expectCode(() => verifyNodeRecord(record, flipBit(signature, byte * 8 + (byte % 8)), unhex(vector.publicKey)), 'DECRYPT_FAILED');
      }
    });

    it(`rejects a one-bit flip in every signed hash: ${vector.name}`, () => {
      for (const field of ['nameHash', 'metadataHash', 'wrappedKeyHash'] as const) {
        for (let byte = 0; byte < 32; byte++) {
          const changed = { ...record, [field]: flipBit(record[field], byte * 8 + (byte % 8)) };
          expectCode(() => verifyNodeRecord(changed, unhex(vector.signature), unhex(vector.publicKey)), 'DECRYPT_FAILED');
        }
      }
    });
  }

  for (const vector of vectors.invalid) {
    it(`refuses: ${vector.name}`, () => {
      expectCode(() => verifyNodeRecord(fromHex(vector.record), unhex(vector.signature), unhex(vector.publicKey)), vector.error);
    });
  }

  for (const vector of vectors.rollback) {
    it(`rollback check: ${vector.name}`, () => {
      const check = () => ensureVersionAdvances(vector.version, vector.lastSeen ?? undefined);
      if (vector.accepted) expect(check).not.toThrow();
      else expectCode(check, 'DECRYPT_FAILED');
    });
  }
});

describe('signature properties', () => {
  const writer = createAccountKeys().signing;
  const hash = fc.uint8Array({ minLength: 32, maxLength: 32 });
  const records = fc.record({
    nodeId: fc.string({ minLength: 1, maxLength: 40 }),
    parentId: fc.string({ maxLength: 40 }),
    ownerId: fc.string({ minLength: 1, maxLength: 40 }),
    version: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
    nameHash: hash,
    metadataHash: hash,
    wrappedKeyHash: hash,
  });

  it('signs any record so that node:crypto verifies it, and verifies it back', () => {
    fc.assert(
      fc.property(records, (record) => {
        const signature = signNodeRecord(record, writer.secretKey);
        expect(nodeEd25519Verify(writer.publicKey, nodeRecordMessage(record), signature)).toBe(true);
        verifyNodeRecord(record, signature, writer.publicKey);
      }),
      { numRuns: 100 },
    );
  });

  it('separates fields, so no two different records sign the same message', () => {
    const a = { nodeId: 'ab', parentId: 'c', ownerId: 'o', version: 1, nameHash: sha256(utf8('n')), metadataHash: sha256(utf8('m')), wrappedKeyHash: sha256(utf8('k')) };
    const b = { ...a, nodeId: 'a', parentId: 'bc' };
    expect(hex(nodeRecordMessage(a))).not.toBe(hex(nodeRecordMessage(b)));
    expectCode(() => verifyNodeRecord(b, signNodeRecord(a, writer.secretKey), writer.publicKey), 'DECRYPT_FAILED');
  });

  it('refuses any version not greater than the last seen one', () => {
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 40 }), fc.nat({ max: 2 ** 40 }), (version, lastSeen) => {
        if (version > lastSeen) ensureVersionAdvances(version, lastSeen);
        else expectCode(() => ensureVersionAdvances(version, lastSeen), 'DECRYPT_FAILED');
      }),
    );
  });

  it('hashes ciphertext with SHA-256', () => {
    expect(ciphertextHash(utf8('abc'))).toEqual(sha256(utf8('abc')));
  });
});

describe('signature invalid input', () => {
  const writer = createAccountKeys().signing;
  const record: NodeRecord = { nodeId: 'n', parentId: 'p', ownerId: 'o', version: 1, nameHash: new Uint8Array(32), metadataHash: new Uint8Array(32), wrappedKeyHash: new Uint8Array(32) };
  const signature = signNodeRecord(record, writer.secretKey);

  const badRecords: [string, unknown][] = [
    ['not an object', null],
    ['empty node id', { ...record, nodeId: '' }],
    ['empty owner id', { ...record, ownerId: '' }],
    ['parent id not a string', { ...record, parentId: null }],
    ['negative version', { ...record, version: -1 }],
    ['unsafe version', { ...record, version: 2 ** 53 }],
    ['short name hash', { ...record, nameHash: new Uint8Array(31) }],
    ['metadata hash as hex', { ...record, metadataHash: '00'.repeat(32) }],
    ['missing wrapped key hash', { ...record, wrappedKeyHash: undefined }],
  ];
  it.each(badRecords)('refuses record: %s', (_name, bad) => {
    expectCode(() => signNodeRecord(bad as NodeRecord, writer.secretKey), 'INVALID_INPUT');
    expectCode(() => verifyNodeRecord(bad as NodeRecord, signature, writer.publicKey), 'INVALID_INPUT');
  });

  it.each([[new Uint8Array(31)], [new Uint8Array(33)], ['key'], [null]])('refuses signing key %o', (bad) => {
    expectCode(() => signNodeRecord(record, bad as Uint8Array), 'INVALID_INPUT');
  });

  it.each([[new Uint8Array(63)], [new Uint8Array(65)], ['sig']])('refuses signature %o', (bad) => {
    expectCode(() => verifyNodeRecord(record, bad as Uint8Array, writer.publicKey), 'INVALID_INPUT');
  });

  it('refuses small-order and invalid public keys, under which anything would verify', () => {
    const identity = unhex('01'.padEnd(64, '0'));
    // The all-zero signature "verifies" under the identity point with the cofactored rule.
    expect(ed25519.verify(new Uint8Array(64), nodeRecordMessage(record), identity)).toBe(true);
    expectCode(() => verifyNodeRecord(record, new Uint8Array(64), identity), 'INVALID_INPUT');
    expectCode(() => verifyNodeRecord(record, signature, new Uint8Array(32).fill(0xff)), 'INVALID_INPUT');
  });

  it.each([[-1, undefined], [1.5, 0], [1, -1], [1, Number.NaN]])('refuses version counters %o, %o', (version, lastSeen) => {
    expectCode(() => ensureVersionAdvances(version, lastSeen), 'INVALID_INPUT');
  });
});

import { randomBytes } from 'node:crypto';
import { createAccountKeys } from '@coffre/crypto/account';
import { sealEnvelope } from '@coffre/crypto/envelope';
import { ciphertextHash, signNodeRecord } from '@coffre/crypto/signature';
import { describe, expect, it } from 'vitest';
import { appError } from '../../test/fixtures.js';
import { MAX_NAME_BYTES, type SubmittedNodeRecord, checkNodeRecord } from './node-record.js';

const OWNER = '6f1c0a52-3d4e-4b7a-9e21-0c5d8f3a7b90';
const NODE = '0d6f2b1e-9a4c-4c3b-8e7d-1f2a3b4c5d6e';
const PARENT = '2b8e4f10-7c3a-4d9e-8a61-5f0b2c7d1e43';
const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');

const writer = createAccountKeys();
const writerKey = b64(writer.signing.publicKey);
const parentKey = new Uint8Array(randomBytes(32));
const nodeKey = new Uint8Array(randomBytes(32));
const binding = { ownerId: OWNER, nodeId: NODE, parentId: PARENT, version: 3 };

/** A record as a client makes it: sealed under the right keys, signed by `signer`. */
function record(options: { name?: Uint8Array; signer?: Uint8Array; parentId?: string } = {}): SubmittedNodeRecord {
  const keyWrap = sealEnvelope(parentKey, 'node-key-wrap', binding, nodeKey);
  const name = sealEnvelope(nodeKey, 'node-name', binding, options.name ?? new TextEncoder().encode('report.pdf'));
  const metadata = sealEnvelope(nodeKey, 'node-metadata', binding, new TextEncoder().encode('{"size":1}'));
  const signature = signNodeRecord(
    { nodeId: NODE, parentId: PARENT, ownerId: OWNER, version: 3, nameHash: ciphertextHash(name), metadataHash: ciphertextHash(metadata), wrappedKeyHash: ciphertextHash(keyWrap) },
    options.signer ?? writer.signing.secretKey,
  );
  return { nodeId: NODE, parentId: options.parentId ?? PARENT, ownerId: OWNER, version: 3, keyWrap: b64(keyWrap), name: b64(name), metadata: b64(metadata), signature: b64(signature) };
}

function issuesOf(attempt: () => unknown): { path: string; message: string }[] {
  try {
    attempt();
  } catch (error) {
    expect(error).toEqual(appError('VALIDATION_FAILED'));
    return (error as { issues: { path: string; message: string }[] }).issues;
  }
  throw new Error('the record was accepted');
}

describe(checkNodeRecord.name, () => {
  it('accepts a record signed by the writer, and hands back its bytes', () => {
    const submitted = record();
    const checked = checkNodeRecord(submitted, writerKey);
    expect(b64(checked.name)).toBe(submitted.name);
    expect(checked.signature).toHaveLength(64);
  });

  it('refuses a record signed by anyone else, or for other ids or another version', () => {
    const signature = [{ path: 'body.signature', message: "does not verify under the writer's signing key" }];
    expect(issuesOf(() => checkNodeRecord(record({ signer: createAccountKeys().signing.secretKey }), writerKey))).toEqual(signature);
    expect(issuesOf(() => checkNodeRecord(record({ parentId: NODE }), writerKey))).toEqual(signature);
    expect(issuesOf(() => checkNodeRecord({ ...record(), version: 4 }, writerKey))).toEqual(signature);
    expect(issuesOf(() => checkNodeRecord({ ...record(), ownerId: PARENT }, writerKey))).toEqual(signature);
    const other = record({ name: new TextEncoder().encode('other.pdf') });
    expect(issuesOf(() => checkNodeRecord({ ...record(), name: other.name }, writerKey))).toEqual(signature);
  });

  it('refuses envelopes of the wrong purpose or size, each named, before checking the signature', () => {
    const submitted = record();
    expect(issuesOf(() => checkNodeRecord({ ...submitted, name: submitted.metadata, keyWrap: submitted.name }, writerKey))).toEqual([
      { path: 'body.keyWrap', message: 'must be a node-key-wrap envelope of 107 bytes' },
      { path: 'body.name', message: 'must be a node-name envelope' },
    ]);
    expect(issuesOf(() => checkNodeRecord(record({ name: new Uint8Array(MAX_NAME_BYTES + 1) }), writerKey))).toEqual([
      { path: 'body.name', message: `must be a node-name envelope of 75 to ${MAX_NAME_BYTES + 75} bytes` },
    ]);
    expect(issuesOf(() => checkNodeRecord({ ...submitted, signature: b64(new Uint8Array(65)) }, writerKey))).toEqual([{ path: 'body.signature', message: 'must be 64 bytes' }]);
  });

  it('accepts a name of exactly the largest size', () => {
    expect(() => checkNodeRecord(record({ name: new Uint8Array(MAX_NAME_BYTES) }), writerKey)).not.toThrow();
  });

  it('refuses an envelope with an unknown version byte', () => {
    const submitted = record();
    const bytes = Buffer.from(submitted.metadata, 'base64url');
    bytes[0] = 0x02;
    expect(issuesOf(() => checkNodeRecord({ ...submitted, metadata: bytes.toString('base64url') }, writerKey))).toEqual([
      { path: 'body.metadata', message: 'must be a node-metadata envelope' },
    ]);
  });
});

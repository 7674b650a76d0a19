// Writes test/vectors/envelope.json: `node --import tsx test/vectors/generate-envelope.ts`.
// Inputs are fixed and randomness is deterministic, so the output is the same on every run.
// Type-only imports are erased; modules with behaviour are imported after the random source is set.
import type { EnvelopeBinding as Binding, Purpose } from '../../src/envelope.js';
import { installDeterministicRandom } from './deterministic-random.js';

installDeterministicRandom('coffre/vectors/envelope');

const { sealEnvelope } = await import('../../src/envelope.js');
const { hex, unhex, withByte, flipBit } = await import('../support/bytes.js');
const { referenceOpenEnvelope } = await import('./reference.js');
const { writeVectors } = await import('./vector-files.js');

const parentKey = unhex('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
const otherKey = unhex('1f1e1d1c1b1a191817161514131211100f0e0d0c0b0a09080706050403020100');
const utf8 = (text: string) => new TextEncoder().encode(text);
const owner = 'acct_3f9d2c';
const nodeBinding: Binding = { ownerId: owner, nodeId: 'node_7a1e', parentId: 'node_0c42', version: 3 };
const accountBinding: Binding = { ownerId: owner, version: 1 };
const linkBinding: Binding = { ownerId: owner, nodeId: 'node_7a1e', linkId: 'link_5b8f', version: 1 };
// file-key-wrap binds owner, node and the file version number (no parent).
const fileBinding: Binding = { ownerId: owner, nodeId: 'node_7a1e', version: 4 };
const fileKey = unhex('c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf');
const nodeKey = unhex('a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf');

const cases: { name: string; purpose: Purpose; binding: Binding; plaintext: Uint8Array }[] = [
  { name: 'node name', purpose: 'node-name', binding: nodeBinding, plaintext: utf8('Quarterly report — final.pdf') },
  { name: 'empty node name', purpose: 'node-name', binding: nodeBinding, plaintext: new Uint8Array(0) },
  { name: 'node metadata', purpose: 'node-metadata', binding: nodeBinding, plaintext: utf8(JSON.stringify({ size: 1048576, mtime: 1767225600, type: 'application/pdf' })) },
  { name: 'node key wrap', purpose: 'node-key-wrap', binding: nodeBinding, plaintext: nodeKey },
  { name: 'root folder key wrap (empty parent id)', purpose: 'node-key-wrap', binding: { ...nodeBinding, parentId: '', version: 0 }, plaintext: nodeKey },
  { name: 'root key wrap', purpose: 'root-key-wrap', binding: accountBinding, plaintext: nodeKey },
  { name: 'X25519 identity key wrap', purpose: 'identity-x25519-wrap', binding: accountBinding, plaintext: nodeKey },
  { name: 'Ed25519 identity key wrap', purpose: 'identity-ed25519-wrap', binding: accountBinding, plaintext: nodeKey },
  { name: 'recovery wrap', purpose: 'recovery-wrap', binding: accountBinding, plaintext: nodeKey },
  { name: 'link key wrap', purpose: 'link-key-wrap', binding: linkBinding, plaintext: nodeKey },
  { name: 'link password wrap', purpose: 'link-password-wrap', binding: linkBinding, plaintext: new Uint8Array(300).map((_, i) => i & 0xff) },
  // Appended after the original cases, so the deterministic random source gives those the same bytes.
  { name: 'file key wrap', purpose: 'file-key-wrap', binding: fileBinding, plaintext: fileKey },
  { name: 'upload key wrap (file key and salt, under the root key)', purpose: 'upload-key-wrap', binding: fileBinding, plaintext: new Uint8Array([...fileKey, ...nodeKey]) },
  { name: 'recovery escrow (recovery secret under the root key)', purpose: 'recovery-escrow', binding: accountBinding, plaintext: fileKey.subarray(0, 20) },
];

const valid = cases.map(({ name, purpose, binding, plaintext }) => {
  const envelope = sealEnvelope(parentKey, purpose, binding, plaintext);
  const reference = referenceOpenEnvelope(parentKey, purpose, binding, envelope);
  return {
    name,
    parentKey: hex(parentKey),
    purpose,
    binding,
    plaintext: hex(plaintext),
    envelope: hex(envelope),
    intermediate: {
      nonce: hex(reference.nonce),
      key: hex(reference.key),
      commitment: hex(reference.commitment),
      associatedData: hex(reference.associatedData),
    },
  };
});

const name = unhex(valid[0]!.envelope);
const metadata = unhex(valid[2]!.envelope);
const tagBit = name.length * 8 - 1;
const fileKeyWrap = unhex(valid.find((vector) => vector.purpose === 'file-key-wrap')!.envelope);
const nodeKeyWrap = unhex(valid.find((vector) => vector.name === 'node key wrap')!.envelope);
const invalid = [
  { name: 'opened as another purpose', purpose: 'node-metadata', binding: nodeBinding, envelope: name, error: 'DECRYPT_FAILED' },
  { name: 'wrong owner', purpose: 'node-name', binding: { ...nodeBinding, ownerId: 'acct_other' }, envelope: name, error: 'DECRYPT_FAILED' },
  { name: 'wrong node', purpose: 'node-name', binding: { ...nodeBinding, nodeId: 'node_other' }, envelope: name, error: 'DECRYPT_FAILED' },
  { name: 'wrong parent (node moved)', purpose: 'node-name', binding: { ...nodeBinding, parentId: 'node_other' }, envelope: name, error: 'DECRYPT_FAILED' },
  { name: 'wrong version (rollback)', purpose: 'node-name', binding: { ...nodeBinding, version: 2 }, envelope: name, error: 'DECRYPT_FAILED' },
  { name: 'wrong parent key', purpose: 'node-name', binding: nodeBinding, envelope: name, parentKey: hex(otherKey), error: 'DECRYPT_FAILED' },
  { name: 'purpose byte rewritten to match', purpose: 'node-metadata', binding: nodeBinding, envelope: withByte(name, 2, 0x03), error: 'DECRYPT_FAILED' },
  { name: 'commitment modified', purpose: 'node-name', binding: nodeBinding, envelope: flipBit(name, 27 * 8), error: 'DECRYPT_FAILED' },
  { name: 'tag modified', purpose: 'node-name', binding: nodeBinding, envelope: flipBit(name, tagBit), error: 'DECRYPT_FAILED' },
  { name: 'last byte removed', purpose: 'node-name', binding: nodeBinding, envelope: name.subarray(0, name.length - 1), error: 'DECRYPT_FAILED' },
  { name: 'byte appended', purpose: 'node-name', binding: nodeBinding, envelope: new Uint8Array([...name, 0]), error: 'DECRYPT_FAILED' },
  { name: 'metadata envelope spliced in as the name', purpose: 'node-name', binding: nodeBinding, envelope: metadata, error: 'DECRYPT_FAILED' },
  { name: 'unknown version 0x02', purpose: 'node-name', binding: nodeBinding, envelope: withByte(name, 0, 0x02), error: 'UNSUPPORTED_VERSION' },
  { name: 'unknown version 0x00', purpose: 'node-name', binding: nodeBinding, envelope: withByte(name, 0, 0x00), error: 'UNSUPPORTED_VERSION' },
  { name: 'unknown algorithm 0x02', purpose: 'node-name', binding: nodeBinding, envelope: withByte(name, 1, 0x02), error: 'UNSUPPORTED_VERSION' },
  { name: 'unknown purpose 0x7f', purpose: 'node-name', binding: nodeBinding, envelope: withByte(name, 2, 0x7f), error: 'UNSUPPORTED_VERSION' },
  { name: 'shorter than the overhead', purpose: 'node-name', binding: nodeBinding, envelope: name.subarray(0, 74), error: 'INVALID_INPUT' },
  { name: 'empty', purpose: 'node-name', binding: nodeBinding, envelope: new Uint8Array(0), error: 'INVALID_INPUT' },
  { name: 'file key wrap of another file version', purpose: 'file-key-wrap', binding: { ...fileBinding, version: 3 }, envelope: fileKeyWrap, error: 'DECRYPT_FAILED' },
  { name: 'file key wrap of another file', purpose: 'file-key-wrap', binding: { ...fileBinding, nodeId: 'node_other' }, envelope: fileKeyWrap, error: 'DECRYPT_FAILED' },
  { name: 'file key wrap of another owner', purpose: 'file-key-wrap', binding: { ...fileBinding, ownerId: 'acct_other' }, envelope: fileKeyWrap, error: 'DECRYPT_FAILED' },
  { name: 'file key wrap under another node key', purpose: 'file-key-wrap', binding: fileBinding, envelope: fileKeyWrap, parentKey: hex(otherKey), error: 'DECRYPT_FAILED' },
  { name: 'node key wrap opened as a file key wrap', purpose: 'file-key-wrap', binding: { ownerId: owner, nodeId: 'node_7a1e', version: 3 }, envelope: nodeKeyWrap, error: 'DECRYPT_FAILED' },
  { name: 'file key wrap opened as a node key wrap', purpose: 'node-key-wrap', binding: { ...fileBinding, parentId: '' }, envelope: fileKeyWrap, error: 'DECRYPT_FAILED' },
  { name: 'file key wrap opened as an upload key wrap', purpose: 'upload-key-wrap', binding: fileBinding, envelope: fileKeyWrap, error: 'DECRYPT_FAILED' },
  { name: 'file key wrap with its purpose byte rewritten to node-key-wrap', purpose: 'node-key-wrap', binding: { ...fileBinding, parentId: '' }, envelope: withByte(fileKeyWrap, 2, 0x01), error: 'DECRYPT_FAILED' },
].map(({ envelope, parentKey: key, ...rest }) => ({ ...rest, parentKey: key ?? hex(parentKey), envelope: hex(envelope) }));

writeVectors('envelope', {
  construction: 'envelope v1 (XChaCha20-Poly1305 with HKDF-SHA-256 key commitment)',
  specification: 'docs/crypto.md#envelopes',
  generator: 'test/vectors/generate-envelope.ts',
  valid,
  invalid,
});

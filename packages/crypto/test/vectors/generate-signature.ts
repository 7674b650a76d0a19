// Writes test/vectors/signature.json: `node --import tsx test/vectors/generate-signature.ts`.
// Inputs are fixed and randomness is deterministic, so the output is the same on every run.
import type { NodeRecord } from '../../src/signature.js';
import { installDeterministicRandom } from './deterministic-random.js';

installDeterministicRandom('coffre/vectors/signature');

const { ed25519 } = await import('@noble/curves/ed25519.js');
const { createAccountKeys } = await import('../../src/account.js');
const { ciphertextHash, nodeRecordMessage, signNodeRecord } = await import('../../src/signature.js');
const { hex, unhex } = await import('../support/bytes.js');
const { writeVectors } = await import('./vector-files.js');

const writer = createAccountKeys();
const other = createAccountKeys();
const utf8 = (text: string) => new TextEncoder().encode(text);
const record: NodeRecord = {
  nodeId: 'node_7a1e',
  parentId: 'node_0c42',
  ownerId: 'acct_3f9d2c',
  version: 7,
  nameHash: ciphertextHash(utf8('name envelope bytes')),
  metadataHash: ciphertextHash(utf8('metadata envelope bytes')),
  wrappedKeyHash: ciphertextHash(utf8('wrapped key envelope bytes')),
};
const rootFolder: NodeRecord = { ...record, nodeId: 'node_root', parentId: '', version: 0 };

const toHex = (r: NodeRecord) => ({ ...r, nameHash: hex(r.nameHash), metadataHash: hex(r.metadataHash), wrappedKeyHash: hex(r.wrappedKeyHash) });
const valid = [
  { name: 'file node', record },
  { name: 'root folder (empty parent id)', record: rootFolder },
].map(({ name, record: r }) => ({
  name,
  record: toHex(r),
  secretKey: hex(writer.signing.secretKey),
  publicKey: hex(writer.signing.publicKey),
  message: hex(nodeRecordMessage(r)),
  signature: hex(signNodeRecord(r, writer.signing.secretKey)),
}));

const signature = unhex(valid[0]!.signature);
// S + L: the same signature with a non-canonical scalar, refused by the strict RFC 8032 check.
const L = 2n ** 252n + 27742317777372353535851937790883648493n;
const sLittleEndian = signature.slice(32).reverse();
const s = BigInt(`0x${hex(sLittleEndian)}`);
const malleated = new Uint8Array([...signature.slice(0, 32), ...unhex((s + L).toString(16).padStart(64, '0')).reverse()]);
const otherHash = hex(ciphertextHash(utf8('planted')));
const base = { publicKey: hex(writer.signing.publicKey), signature: hex(signature) };

writeVectors('signature', {
  construction: 'node record signature v1 (Ed25519, domain-separated)',
  specification: 'docs/crypto.md#node-record-signatures',
  generator: 'test/vectors/generate-signature.ts',
  valid,
  invalid: [
    { name: 'node moved to another parent', record: { ...toHex(record), parentId: 'node_other' }, error: 'DECRYPT_FAILED' },
    { name: 'another node id', record: { ...toHex(record), nodeId: 'node_other' }, error: 'DECRYPT_FAILED' },
    { name: 'another owner', record: { ...toHex(record), ownerId: 'acct_other' }, error: 'DECRYPT_FAILED' },
    { name: 'another version', record: { ...toHex(record), version: 8 }, error: 'DECRYPT_FAILED' },
    { name: 'name replaced', record: { ...toHex(record), nameHash: otherHash }, error: 'DECRYPT_FAILED' },
    { name: 'metadata replaced', record: { ...toHex(record), metadataHash: otherHash }, error: 'DECRYPT_FAILED' },
    { name: 'wrapped key replaced', record: { ...toHex(record), wrappedKeyHash: otherHash }, error: 'DECRYPT_FAILED' },
    { name: 'signed by another account', record: toHex(record), publicKey: hex(other.signing.publicKey), error: 'DECRYPT_FAILED' },
    { name: 'non-canonical S (S + L)', record: toHex(record), signature: hex(malleated), error: 'DECRYPT_FAILED' },
    {
      name: 'signature over the record without the domain prefix',
      record: toHex(record),
      signature: hex(ed25519.sign(nodeRecordMessage(record).subarray(4 + utf8('coffre/v1/signature/node-record').length), writer.signing.secretKey)),
      error: 'DECRYPT_FAILED',
    },
    { name: 'small-order public key with an all-zero signature', record: toHex(record), publicKey: '01'.padEnd(64, '0'), signature: hex(new Uint8Array(64)), error: 'INVALID_INPUT' },
    { name: 'signature of 63 bytes', record: toHex(record), signature: hex(signature.subarray(0, 63)), error: 'INVALID_INPUT' },
  ].map((vector) => ({ ...base, ...vector })),
  rollback: [
    { name: 'first sight', version: 0, lastSeen: null, accepted: true },
    { name: 'newer', version: 8, lastSeen: 7, accepted: true },
    { name: 'replay of the same version', version: 7, lastSeen: 7, accepted: false },
    { name: 'older version', version: 6, lastSeen: 7, accepted: false },
  ],
});

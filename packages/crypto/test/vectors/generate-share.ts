// Writes test/vectors/share.json: `node --import tsx test/vectors/generate-share.ts`.
// Inputs are fixed and randomness is deterministic, so the output is the same on every run.
import type { ShareBinding } from '../../src/share.js';
import { installDeterministicRandom } from './deterministic-random.js';

installDeterministicRandom('coffre/vectors/share');

const { ed25519 } = await import('@noble/curves/ed25519.js');
const { createAccountKeys } = await import('../../src/account.js');
const { sealKeyShare } = await import('../../src/share.js');
const { hex, unhex, withByte, flipBit } = await import('../support/bytes.js');
const { fields, hpkeBaseKeySchedule } = await import('./reference.js');
const { writeVectors } = await import('./vector-files.js');

const utf8 = (text: string) => new TextEncoder().encode(text);
const sender = createAccountKeys();
const recipient = createAccountKeys();
const impostor = createAccountKeys();
const key = unhex('a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf');

function infoOf(binding: ShareBinding, header: Uint8Array): Uint8Array {
  return fields(utf8('coffre/v1/share/hpke-info'), header, utf8(binding.senderId), utf8(binding.recipientId), utf8(binding.subjectId));
}

function signedMessageOf(binding: ShareBinding, share: Uint8Array, recipientPublicKey: Uint8Array): Uint8Array {
  return fields(
    utf8('coffre/v1/share/signature'),
    share.subarray(0, 3),
    share.subarray(3, 35),
    share.subarray(35, 83),
    utf8(binding.senderId),
    utf8(binding.recipientId),
    utf8(binding.subjectId),
    recipientPublicKey,
  );
}

const bindings: ShareBinding[] = [
  { purpose: 'node-key', senderId: 'acct_3f9d2c', recipientId: 'acct_81be07', subjectId: 'node_7a1e' },
  { purpose: 'track-key', senderId: 'licence-service', recipientId: 'acct_81be07', subjectId: 'track_42' },
  { purpose: 'track-key-escrow', senderId: 'acct_3f9d2c', recipientId: 'licence-service', subjectId: 'track_42' },
];

const valid = [];
for (const binding of bindings) {
  const share = await sealKeyShare({ binding, key, recipientPublicKey: recipient.sharing.publicKey, senderSigningKey: sender.signing.secretKey });
  const info = infoOf(binding, share.subarray(0, 3));
  const schedule = hpkeBaseKeySchedule({ recipientSecretKey: recipient.sharing.secretKey, enc: share.subarray(3, 35), info, aeadId: 2 });
  valid.push({
    name: binding.purpose,
    binding,
    key: hex(key),
    senderSigningSecretKey: hex(sender.signing.secretKey),
    senderSigningPublicKey: hex(sender.signing.publicKey),
    recipientSecretKey: hex(recipient.sharing.secretKey),
    recipientPublicKey: hex(recipient.sharing.publicKey),
    share: hex(share),
    intermediate: {
      enc: hex(share.subarray(3, 35)),
      info: hex(info),
      hpkeSharedSecret: hex(schedule.sharedSecret),
      hpkeKey: hex(schedule.key),
      hpkeBaseNonce: hex(schedule.baseNonce),
      signedMessage: hex(signedMessageOf(binding, share, recipient.sharing.publicKey)),
    },
  });
}

const [nodeShare] = valid;
const share = unhex(nodeShare!.share);
const binding = bindings[0]!;
/** The share with bytes [from, to) replaced and the result signed again with `signer`. */
function resigned(body: Uint8Array, signer: Uint8Array): Uint8Array {
  const signature = ed25519.sign(signedMessageOf(binding, body, recipient.sharing.publicKey), signer);
  return new Uint8Array([...body.subarray(0, 83), ...signature]);
}
const base = { recipientSecretKey: hex(recipient.sharing.secretKey), senderSigningPublicKey: hex(sender.signing.publicKey) };
const invalid = [
  { name: 'wrong recipient id', binding: { ...binding, recipientId: 'acct_other' }, share, error: 'DECRYPT_FAILED' },
  { name: 'wrong sender id', binding: { ...binding, senderId: 'acct_other' }, share, error: 'DECRYPT_FAILED' },
  { name: 'wrong subject (another node)', binding: { ...binding, subjectId: 'node_other' }, share, error: 'DECRYPT_FAILED' },
  { name: 'opened as another purpose', binding: { ...binding, purpose: 'track-key' }, share, error: 'DECRYPT_FAILED' },
  { name: 'purpose byte rewritten to match', binding: { ...binding, purpose: 'track-key' }, share: withByte(share, 2, 0x02), error: 'DECRYPT_FAILED' },
  { name: 'verified with another sender key', binding, share, senderSigningPublicKey: hex(impostor.signing.publicKey), error: 'DECRYPT_FAILED' },
  { name: 'opened by another recipient', binding, share, recipientSecretKey: hex(impostor.sharing.secretKey), error: 'DECRYPT_FAILED' },
  { name: 're-signed by an impostor', binding, share: resigned(share, impostor.signing.secretKey), error: 'DECRYPT_FAILED' },
  { name: 'ciphertext modified, then signed by the sender', binding, share: resigned(flipBit(share, 50 * 8), sender.signing.secretKey), error: 'DECRYPT_FAILED' },
  { name: 'enc modified, then signed by the sender', binding, share: resigned(flipBit(share, 4 * 8), sender.signing.secretKey), error: 'DECRYPT_FAILED' },
  { name: 'signature modified', binding, share: flipBit(share, share.length * 8 - 1), error: 'DECRYPT_FAILED' },
  { name: 'unknown version', binding, share: withByte(share, 0, 0x02), error: 'UNSUPPORTED_VERSION' },
  { name: 'reserved suite 0x02 (post-quantum hybrid)', binding, share: withByte(share, 1, 0x02), error: 'UNSUPPORTED_VERSION' },
  { name: 'unknown purpose', binding, share: withByte(share, 2, 0x7f), error: 'UNSUPPORTED_VERSION' },
  { name: 'truncated', binding, share: share.subarray(0, share.length - 1), error: 'INVALID_INPUT' },
  { name: 'extended', binding, share: new Uint8Array([...share, 0]), error: 'INVALID_INPUT' },
].map(({ share: bytes, ...rest }) => ({ ...base, ...rest, share: hex(bytes) }));

writeVectors('share', {
  construction: 'key share v1 (HPKE base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM; Ed25519 sender signature)',
  specification: 'docs/crypto.md#key-shares',
  generator: 'test/vectors/generate-share.ts',
  valid,
  invalid,
  // RFC 9180 Appendix A.1.1: the same KEM and KDF with AES-128-GCM, base mode. The published
  // intermediate values pin the KEM and key schedule the share format relies on.
  rfc9180A11: {
    info: '4f6465206f6e2061204772656369616e2055726e',
    ikmE: '7268600d403fce431561aef583ee1613527cff655c1343f29812e66706df3234',
    pkEm: '37fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf4431',
    skEm: '52c4a758a802cd8b936eceea314432798d5baf2d7e9235dc084ab1b9cfa2f736',
    ikmR: '6db9df30aa07dd42ee5e8181afdb977e538f5e1fec8a06223f33f7013e525037',
    pkRm: '3948cfe0ad1ddb695d780e59077195da6c56506b027329794ab02bca80815c4d',
    skRm: '4612c550263fc8ad58375df3f557aac531d26850903e55a9f23f21d8534e8ac8',
    enc: '37fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf4431',
    sharedSecret: 'fe0e18c9f024ce43799ae393c7e8fe8fce9d218875e8227b0187c04e7d2ea1fc',
    keyScheduleContext:
      '00725611c9d98c07c03f60095cd32d400d8347d45ed67097bbad50fc56da742d07cb6cffde367bb0565ba28bb02c90744a20f5ef37f30523526106f637abb05449',
    key: '4531685d41d65f03dc48f6b8302c05b0',
    baseNonce: '56d890e5accaaf011cff4b7d',
    plaintext: '4265617574792069732074727574682c20747275746820626561757479',
    aad: '436f756e742d30',
    ciphertext: 'f938558b5d72f1a23810b4be2ab4f84331acc02fc97babc53a52ae8218a355a96d8770ac83d07bea87e13c512a',
  },
});

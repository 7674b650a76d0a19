// Writes test/vectors/recovery-proof.json: `node --import tsx test/vectors/generate-recovery-proof.ts`.
// Inputs are fixed and randomness is deterministic, so the output is the same on every run.
import { installDeterministicRandom } from './deterministic-random.js';

installDeterministicRandom('coffre/vectors/recovery-proof');

const { ed25519 } = await import('@noble/curves/ed25519.js');
const { createAccountKeys } = await import('../../src/account.js');
const { randomBytes } = await import('../../src/bytes.js');
const { recoveryProofMessage, signRecoveryProof } = await import('../../src/recovery-proof.js');
const { hex } = await import('../support/bytes.js');
const { writeVectors } = await import('./vector-files.js');

const account = createAccountKeys();
const other = createAccountKeys();
const subject = {
  accountId: '7f3c2a9e-4b1d-4e8a-9c6f-2d5b8a1e0f34',
  challenge: randomBytes(32),
  registrationRecord: 'bmV3IHJlZ2lzdHJhdGlvbiByZWNvcmQ',
  rootKeyWrap: 'AQEQbmV3IHJvb3Qga2V5IHdyYXA',
};
const hexSubject = { ...subject, challenge: hex(subject.challenge) };
const message = recoveryProofMessage(subject);
const signature = signRecoveryProof(subject, account.signing.secretKey);
const base = { subject: hexSubject, publicKey: hex(account.signing.publicKey), signature: hex(signature) };

writeVectors('recovery-proof', {
  construction: 'recovery proof v1 (Ed25519 over the server challenge and the new credentials)',
  specification: 'docs/crypto.md#recovery-proof',
  generator: 'test/vectors/generate-recovery-proof.ts',
  valid: [
    {
      name: 'password reset after recovery',
      subject: hexSubject,
      secretKey: hex(account.signing.secretKey),
      publicKey: hex(account.signing.publicKey),
      message: hex(message),
      signature: hex(signature),
    },
  ],
  invalid: [
    { name: 'another challenge (replay onto a new one)', subject: { ...hexSubject, challenge: hex(randomBytes(32)) }, error: 'DECRYPT_FAILED' },
    { name: 'another account', subject: { ...hexSubject, accountId: '00000000-0000-4000-8000-000000000000' }, error: 'DECRYPT_FAILED' },
    { name: 'registration record swapped', subject: { ...hexSubject, registrationRecord: 'c3dhcHBlZA' }, error: 'DECRYPT_FAILED' },
    { name: 'root key wrap swapped', subject: { ...hexSubject, rootKeyWrap: 'c3dhcHBlZA' }, error: 'DECRYPT_FAILED' },
    { name: 'signed by another account', publicKey: hex(other.signing.publicKey), error: 'DECRYPT_FAILED' },
    {
      name: 'signature over the message without the domain prefix',
      signature: hex(ed25519.sign(message.subarray(4 + 'coffre/v1/signature/recovery-proof'.length), account.signing.secretKey)),
      error: 'DECRYPT_FAILED',
    },
    { name: 'small-order public key with an all-zero signature', publicKey: '01'.padEnd(64, '0'), signature: hex(new Uint8Array(64)), error: 'INVALID_INPUT' },
    { name: 'signature of 63 bytes', signature: hex(signature.subarray(0, 63)), error: 'INVALID_INPUT' },
    { name: 'challenge of 31 bytes', subject: { ...hexSubject, challenge: hex(subject.challenge.subarray(0, 31)) }, error: 'INVALID_INPUT' },
    { name: 'empty registration record', subject: { ...hexSubject, registrationRecord: '' }, error: 'INVALID_INPUT' },
  ].map((vector) => ({ ...base, ...vector })),
});

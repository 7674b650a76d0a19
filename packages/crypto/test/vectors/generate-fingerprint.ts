// Writes test/vectors/fingerprint.json: `node --import tsx test/vectors/generate-fingerprint.ts`.
// Inputs are fixed and randomness is deterministic, so the output is the same on every run.
import { installDeterministicRandom } from './deterministic-random.js';

installDeterministicRandom('coffre/vectors/fingerprint');

const { createAccountKeys } = await import('../../src/account.js');
const { accountFingerprint } = await import('../../src/fingerprint.js');
const { hex, unhex } = await import('../support/bytes.js');
const { writeVectors } = await import('./vector-files.js');

const accounts = [createAccountKeys(), createAccountKeys()];
const valid = accounts.map((keys, index) => {
  const { digest, display } = accountFingerprint({ sharing: keys.sharing.publicKey, signing: keys.signing.publicKey });
  return { name: `account ${index + 1}`, sharing: hex(keys.sharing.publicKey), signing: hex(keys.signing.publicKey), digest: hex(digest), display };
});
const [first, second] = valid;

writeVectors('fingerprint', {
  construction: 'account fingerprint v1 (SHA-256, 6 groups of 5 digits)',
  specification: 'docs/crypto.md#fingerprints-and-pinning',
  generator: 'test/vectors/generate-fingerprint.ts',
  valid,
  invalid: [
    { name: 'sharing key changed', check: 'pin', pinned: first!.digest, sharing: second!.sharing, signing: first!.signing, error: 'KEY_CHANGED' },
    { name: 'signing key changed', check: 'pin', pinned: first!.digest, sharing: first!.sharing, signing: second!.signing, error: 'KEY_CHANGED' },
    { name: 'keys swapped between the two slots', check: 'pin', pinned: first!.digest, sharing: first!.signing, signing: first!.sharing, error: 'KEY_CHANGED' },
    { name: 'pinned key replaced by a low-order one', check: 'pin', pinned: first!.digest, sharing: hex(new Uint8Array(32)), signing: first!.signing, error: 'KEY_CHANGED' },
    { name: 'short pinned digest', check: 'pin', pinned: first!.digest.slice(0, 62), sharing: first!.sharing, signing: first!.signing, error: 'INVALID_INPUT' },
    { name: 'low-order sharing key', check: 'fingerprint', sharing: hex(new Uint8Array(32)), signing: first!.signing, error: 'INVALID_INPUT' },
    { name: 'small-order signing key', check: 'fingerprint', sharing: first!.sharing, signing: hex(unhex('01'.padEnd(64, '0'))), error: 'INVALID_INPUT' },
    { name: 'signing key not on the curve', check: 'fingerprint', sharing: first!.sharing, signing: first!.sharing, error: 'INVALID_INPUT' },
  ],
});

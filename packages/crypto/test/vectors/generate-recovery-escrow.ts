// Writes test/vectors/recovery-escrow.json: `node --import tsx test/vectors/generate-recovery-escrow.ts`.
// Inputs are fixed and randomness is deterministic, so the output is the same on every run.
import { installDeterministicRandom } from './deterministic-random.js';

installDeterministicRandom('coffre/vectors/recovery-escrow');

const { generateRecoveryKey, sealRecoveryWrap } = await import('../../src/recovery.js');
const { sealRecoveryEscrow } = await import('../../src/recovery-escrow.js');
const { flipBit, hex, unhex } = await import('../support/bytes.js');
const { writeVectors } = await import('./vector-files.js');

const accountId = '7f3c2a9e-4b1d-4e8a-9c6f-2d5b8a1e0f34';
const rootKey = unhex('255a8417fe5a2188d190bb685b2b0cc84bd636b618c72388acb705467181d011');
const otherRootKey = unhex('8c1f0b2a7d9e4c3b6a5f1e0d2c3b4a5968778695a4b3c2d1e0f1a2b3c4d5e6f7');

const current = generateRecoveryKey();
const escrow = sealRecoveryEscrow(rootKey, current.secret, accountId);
const wrap = sealRecoveryWrap(rootKey, current.secret, accountId);
// A key replaced by a newer one: its escrow still opens, but its secret no longer opens the wrap.
const replaced = generateRecoveryKey();
const staleEscrow = sealRecoveryEscrow(rootKey, replaced.secret, accountId);
const foreignEscrow = sealRecoveryEscrow(otherRootKey, current.secret, accountId);
const otherAccountEscrow = sealRecoveryEscrow(rootKey, current.secret, 'acct_other');
// The wrap of the right secret but around another root key (a swapped wrap).
const foreignWrap = sealRecoveryWrap(otherRootKey, current.secret, accountId);

const base = { accountId, rootKey: hex(rootKey), recoveryWrap: hex(wrap) };
writeVectors('recovery-escrow', {
  construction: 'recovery escrow v1 (the recovery secret under the root key) and its check against the recovery wrap',
  specification: 'docs/crypto.md#recovery-escrow',
  generator: 'test/vectors/generate-recovery-escrow.ts',
  valid: [{ name: 'escrow of the current recovery key', ...base, secret: hex(current.secret), text: current.text, escrow: hex(escrow) }],
  invalid: [
    { name: 'escrow of a replaced recovery key (stale)', ...base, escrow: hex(staleEscrow), error: 'DECRYPT_FAILED' },
    { name: 'escrow under another root key', ...base, escrow: hex(foreignEscrow), error: 'DECRYPT_FAILED' },
    { name: 'escrow bound to another account', ...base, escrow: hex(otherAccountEscrow), error: 'DECRYPT_FAILED' },
    { name: 'recovery wrap around another root key', ...base, recoveryWrap: hex(foreignWrap), escrow: hex(escrow), error: 'DECRYPT_FAILED' },
    { name: 'a recovery wrap given as the escrow', ...base, escrow: hex(wrap), error: 'DECRYPT_FAILED' },
    { name: 'tag modified', ...base, escrow: hex(flipBit(escrow, escrow.length * 8 - 1)), error: 'DECRYPT_FAILED' },
    { name: 'unknown envelope version', ...base, escrow: `02${hex(escrow).slice(2)}`, error: 'UNSUPPORTED_VERSION' },
    { name: 'truncated below the envelope overhead', ...base, escrow: hex(escrow.subarray(0, 20)), error: 'INVALID_INPUT' },
  ],
});

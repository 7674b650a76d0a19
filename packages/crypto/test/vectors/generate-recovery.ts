// Writes test/vectors/recovery.json: `node --import tsx test/vectors/generate-recovery.ts`.
// Inputs are fixed and randomness is deterministic, so the output is the same on every run.
import { installDeterministicRandom } from './deterministic-random.js';

installDeterministicRandom('coffre/vectors/recovery');

const { formatRecoveryKey, generateRecoveryKey, sealRecoveryWrap } = await import('../../src/recovery.js');
const { hex, unhex } = await import('../support/bytes.js');
const { hkdf } = await import('./reference.js');
const { writeVectors } = await import('./vector-files.js');

const accountId = 'acct_3f9d2c';
const rootKey = unhex('255a8417fe5a2188d190bb685b2b0cc84bd636b618c72388acb705467181d011');

// A key whose printed form contains both 0 and 1, so the O/I/L aliases are exercised.
let recovery = generateRecoveryKey();
while (!/0/.test(recovery.text) || !/1/.test(recovery.text)) recovery = generateRecoveryKey();
const { secret, text } = recovery;
const wrap = sealRecoveryWrap(rootKey, secret, accountId);
const other = generateRecoveryKey();

/** `text` with the characters at positions a and b (ignoring hyphens) swapped. */
function swapCharacters(a: number, b: number): string {
  const chars = [...text.replace(/-/g, '')];
  [chars[a], chars[b]] = [chars[b]!, chars[a]!];
  return chars.join('').replace(/(.{5})(?!$)/g, '$1-');
}
const groups = text.split('-');
const substituted = text[0] === 'Z' ? `Y${text.slice(1)}` : `Z${text.slice(1)}`;

writeVectors('recovery', {
  construction: 'recovery key v1 (160-bit secret, GF(32) group checks) and recovery wrap',
  specification: 'docs/crypto.md#recovery-key',
  generator: 'test/vectors/generate-recovery.ts',
  valid: [
    {
      name: 'recovery key and wrap',
      accountId,
      secret: hex(secret),
      text,
      wrappingKey: hex(hkdf(secret, new TextEncoder().encode(accountId), 'coffre/v1/recovery/wrapping-key', 32)),
      rootKey: hex(rootKey),
      wrap: hex(wrap),
    },
  ],
  formatting: [
    { secret: '0000000000000000000000000000000000000000', text: formatRecoveryKey(new Uint8Array(20)) },
    { secret: 'ffffffffffffffffffffffffffffffffffffffff', text: formatRecoveryKey(new Uint8Array(20).fill(0xff)) },
    { secret: hex(secret), text },
  ],
  normalised: [
    { name: 'lower case', input: text.toLowerCase(), secret: hex(secret) },
    { name: 'spaces instead of hyphens', input: text.replace(/-/g, ' '), secret: hex(secret) },
    { name: 'no separators', input: text.replace(/-/g, ''), secret: hex(secret) },
    { name: 'surrounding and inner whitespace', input: `  ${groups.join(' - ')}\n`, secret: hex(secret) },
    { name: 'O for 0, I and l for 1', input: text.replace(/0/g, 'O').replace(/1/, 'I').replace(/1/g, 'l'), secret: hex(secret) },
  ],
  typos: [
    { name: 'one character substituted', input: substituted, error: 'INVALID_INPUT' },
    { name: 'two adjacent characters swapped', input: swapCharacters(0, 1), error: 'INVALID_INPUT' },
    { name: 'data and check character swapped', input: swapCharacters(3, 4), error: 'INVALID_INPUT' },
    { name: 'two groups swapped', input: [groups[1], groups[0], ...groups.slice(2)].join('-'), error: 'INVALID_INPUT' },
    { name: 'one character missing', input: text.slice(1), error: 'INVALID_INPUT' },
    { name: 'one character too many', input: `${text}0`, error: 'INVALID_INPUT' },
    { name: 'a character outside the alphabet (U)', input: `U${text.slice(1)}`, error: 'INVALID_INPUT' },
    { name: 'empty', input: '', error: 'INVALID_INPUT' },
  ].filter((typo) => typo.input !== text),
  invalid: [
    { name: 'another recovery key', accountId, text: other.text, wrap: hex(wrap), error: 'DECRYPT_FAILED' },
    { name: 'another account', accountId: 'acct_other', text, wrap: hex(wrap), error: 'DECRYPT_FAILED' },
    { name: 'unknown envelope version', accountId, text, wrap: `02${hex(wrap).slice(2)}`, error: 'UNSUPPORTED_VERSION' },
    { name: 'a root key wrap instead of a recovery wrap', accountId, text, wrap: `010110${hex(wrap).slice(6)}`, error: 'DECRYPT_FAILED' },
  ],
});

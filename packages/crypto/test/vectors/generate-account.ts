// Writes test/vectors/account.json: `node --import tsx test/vectors/generate-account.ts`.
// Inputs are fixed and randomness is deterministic, so the output is the same on every run.
import { installDeterministicRandom } from './deterministic-random.js';

installDeterministicRandom('coffre/vectors/account');

const { createAccountKeys, deriveExportWrappingKey, rewrapRootKey, sealAccountKeyBundle } = await import('../../src/account.js');
const { toBase64url, fromBase64url } = await import('../../src/base64url.js');
const { hex, unhex } = await import('../support/bytes.js');
const { writeVectors } = await import('./vector-files.js');

const accountId = 'acct_3f9d2c';
const exportKey = unhex('40'.repeat(32) + '41'.repeat(32));
const newExportKey = unhex('50'.repeat(32) + '51'.repeat(32));
const keys = createAccountKeys();
const bundle = sealAccountKeyBundle(keys, { accountId, exportKey });
const rewrapped = rewrapRootKey(bundle, { accountId, rootKey: keys.rootKey, exportKey: newExportKey });
const other = createAccountKeys();
const otherBundle = sealAccountKeyBundle(other, { accountId: 'acct_other', exportKey });

const keysHex = {
  rootKey: hex(keys.rootKey),
  sharing: { secretKey: hex(keys.sharing.secretKey), publicKey: hex(keys.sharing.publicKey) },
  signing: { secretKey: hex(keys.signing.secretKey), publicKey: hex(keys.signing.publicKey) },
};
// The low-order X25519 point u = 0 and the Ed25519 identity point: both must be refused.
const lowOrderX25519 = toBase64url(new Uint8Array(32));
const smallOrderEd25519 = toBase64url(unhex('0100000000000000000000000000000000000000000000000000000000000000'));

writeVectors('account', {
  construction: 'account key bundle v1',
  specification: 'docs/crypto.md#account-keys',
  generator: 'test/vectors/generate-account.ts',
  valid: [
    { name: 'new account', accountId, exportKey: hex(exportKey), wrappingKey: hex(deriveExportWrappingKey(exportKey)), keys: keysHex, bundle },
    {
      name: 'after a password change (generation 2)',
      accountId,
      exportKey: hex(newExportKey),
      wrappingKey: hex(deriveExportWrappingKey(newExportKey)),
      keys: keysHex,
      bundle: rewrapped,
    },
  ],
  invalid: [
    { name: 'wrong export key', accountId, exportKey: hex(newExportKey), bundle, error: 'DECRYPT_FAILED' },
    { name: 'wrong account id', accountId: 'acct_other', exportKey: hex(exportKey), bundle, error: 'DECRYPT_FAILED' },
    { name: 'generation rolled back', accountId, exportKey: hex(newExportKey), bundle: { ...rewrapped, generation: 1 }, error: 'DECRYPT_FAILED' },
    {
      name: 'identity wraps swapped',
      accountId,
      exportKey: hex(exportKey),
      bundle: { ...bundle, sharingSecretKeyWrap: bundle.signingSecretKeyWrap, signingSecretKeyWrap: bundle.sharingSecretKeyWrap },
      error: 'DECRYPT_FAILED',
    },
    { name: 'sharing public key replaced', accountId, exportKey: hex(exportKey), bundle: { ...bundle, sharingPublicKey: otherBundle.sharingPublicKey }, error: 'DECRYPT_FAILED' },
    { name: 'signing public key replaced', accountId, exportKey: hex(exportKey), bundle: { ...bundle, signingPublicKey: otherBundle.signingPublicKey }, error: 'DECRYPT_FAILED' },
    { name: 'root key wrap of another account', accountId, exportKey: hex(exportKey), bundle: { ...bundle, rootKeyWrap: otherBundle.rootKeyWrap }, error: 'DECRYPT_FAILED' },
    { name: 'root key wrap in the identity slot', accountId, exportKey: hex(exportKey), bundle: { ...bundle, sharingSecretKeyWrap: bundle.rootKeyWrap }, error: 'DECRYPT_FAILED' },
    { name: 'unknown bundle version', accountId, exportKey: hex(exportKey), bundle: { ...bundle, version: 2 }, error: 'UNSUPPORTED_VERSION' },
    { name: 'unknown field', accountId, exportKey: hex(exportKey), bundle: { ...bundle, extra: 'x' }, error: 'INVALID_INPUT' },
    { name: 'missing field', accountId, exportKey: hex(exportKey), bundle: { ...bundle, rootKeyWrap: undefined }, error: 'INVALID_INPUT' },
    { name: 'low-order sharing public key', accountId, exportKey: hex(exportKey), bundle: { ...bundle, sharingPublicKey: lowOrderX25519 }, error: 'INVALID_INPUT' },
    { name: 'small-order signing public key', accountId, exportKey: hex(exportKey), bundle: { ...bundle, signingPublicKey: smallOrderEd25519 }, error: 'INVALID_INPUT' },
    { name: 'non-canonical base64url', accountId, exportKey: hex(exportKey), bundle: { ...bundle, rootKeyWrap: `${bundle.rootKeyWrap}=` }, error: 'INVALID_INPUT' },
    { name: 'generation zero', accountId, exportKey: hex(exportKey), bundle: { ...bundle, generation: 0 }, error: 'INVALID_INPUT' },
    {
      name: 'root key wrap truncated',
      accountId,
      exportKey: hex(exportKey),
      bundle: { ...bundle, rootKeyWrap: toBase64url(fromBase64url(bundle.rootKeyWrap).subarray(0, 90)) },
      error: 'DECRYPT_FAILED',
    },
  ],
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flipBit, hex, unhex } from '../test/support/bytes.js';
import { expectCode, thrownCode } from '../test/support/errors.js';
import { hkdf, nodeEd25519PublicKey, nodeX25519PublicKey, referenceOpenEnvelope } from '../test/vectors/reference.js';
import { readVectors } from '../test/vectors/vector-files.js';
import {
  type AccountKeyBundle,
  type AccountKeys,
  accountPublicKeys,
  createAccountKeys,
  deriveExportWrappingKey,
  openAccountKeyBundle,
  openAccountKeyBundleWithRootKey,
  parseAccountKeyBundle,
  rewrapRootKey,
  sealAccountKeyBundle,
} from './account.js';
import { fromBase64url, toBase64url } from './base64url.js';
import { type CryptoErrorCode } from './errors.js';

interface HexKeys {
  rootKey: string;
  sharing: { secretKey: string; publicKey: string };
  signing: { secretKey: string; publicKey: string };
}
interface AccountVectors {
  valid: { name: string; accountId: string; exportKey: string; wrappingKey: string; keys: HexKeys; bundle: AccountKeyBundle }[];
  invalid: { name: string; accountId: string; exportKey: string; bundle: unknown; error: CryptoErrorCode }[];
}

const vectors = readVectors<AccountVectors>('account');
const WRAP_FIELDS = ['rootKeyWrap', 'sharingSecretKeyWrap', 'signingSecretKeyWrap'] as const;

function toHex(keys: AccountKeys): HexKeys {
  return {
    rootKey: hex(keys.rootKey),
    sharing: { secretKey: hex(keys.sharing.secretKey), publicKey: hex(keys.sharing.publicKey) },
    signing: { secretKey: hex(keys.signing.secretKey), publicKey: hex(keys.signing.publicKey) },
  };
}

describe('account vectors', () => {
  for (const vector of vectors.valid) {
    it(`opens: ${vector.name}`, () => {
      const keys = openAccountKeyBundle(vector.bundle, { accountId: vector.accountId, exportKey: unhex(vector.exportKey) });
      expect(toHex(keys)).toEqual(vector.keys);
      expect(toHex(openAccountKeyBundleWithRootKey(vector.bundle, { accountId: vector.accountId, rootKey: unhex(vector.keys.rootKey) }))).toEqual(vector.keys);
    });

    it(`matches the specification: ${vector.name}`, () => {
      const wrappingKey = hkdf(unhex(vector.exportKey), new Uint8Array(0), 'coffre/v1/account/export-key-wrapping-key', 32);
      expect(hex(wrappingKey)).toBe(vector.wrappingKey);
      const root = referenceOpenEnvelope(wrappingKey, 'root-key-wrap', { ownerId: vector.accountId, version: vector.bundle.generation }, fromBase64url(vector.bundle.rootKeyWrap));
      expect(hex(root.plaintext)).toBe(vector.keys.rootKey);
      const identity = { ownerId: vector.accountId, version: 1 };
      const sharing = referenceOpenEnvelope(root.plaintext, 'identity-x25519-wrap', identity, fromBase64url(vector.bundle.sharingSecretKeyWrap));
      const signing = referenceOpenEnvelope(root.plaintext, 'identity-ed25519-wrap', identity, fromBase64url(vector.bundle.signingSecretKeyWrap));
      // Public keys as node:crypto computes them from the secret keys (RFC 7748, RFC 8032).
      expect(hex(nodeX25519PublicKey(sharing.plaintext))).toBe(vector.keys.sharing.publicKey);
      expect(hex(nodeEd25519PublicKey(signing.plaintext))).toBe(vector.keys.signing.publicKey);
      expect(toBase64url(nodeX25519PublicKey(sharing.plaintext))).toBe(vector.bundle.sharingPublicKey);
    });

    it(`rejects a one-bit flip in every byte of every wrap: ${vector.name}`, () => {
      for (const field of WRAP_FIELDS) {
        const wrap = fromBase64url(vector.bundle[field]);
        for (let byte = 0; byte < wrap.length; byte++) {
          const bundle = { ...vector.bundle, [field]: toBase64url(flipBit(wrap, byte * 8 + (byte % 8))) };
          const code = thrownCode(() => openAccountKeyBundle(bundle, { accountId: vector.accountId, exportKey: unhex(vector.exportKey) }));
          expect(byte < 3 ? ['DECRYPT_FAILED', 'UNSUPPORTED_VERSION'] : ['DECRYPT_FAILED']).toContain(code);
        }
      }
    });
  }

  for (const vector of vectors.invalid) {
    it(`refuses: ${vector.name}`, () => {
      expectCode(() => openAccountKeyBundle(vector.bundle, { accountId: vector.accountId, exportKey: unhex(vector.exportKey) }), vector.error);
    });
  }
});

describe('account keys', () => {
  const accountId = 'acct_1';
  const exportKey = new Uint8Array(64).fill(9);

  it('generates distinct, consistent key pairs', () => {
    const a = createAccountKeys();
    const b = createAccountKeys();
    expect(a.rootKey).not.toEqual(b.rootKey);
    expect(a.sharing.publicKey).toEqual(nodeX25519PublicKey(a.sharing.secretKey));
    expect(a.signing.publicKey).toEqual(nodeEd25519PublicKey(a.signing.secretKey));
    expect(new Set([a.rootKey, a.sharing.secretKey, a.signing.secretKey].map(hex)).size).toBe(3);
  });

  it('rewraps the root key under a new export key and refuses a root key of another account', () => {
    const keys = createAccountKeys();
    const bundle = sealAccountKeyBundle(keys, { accountId, exportKey });
    const newExportKey = new Uint8Array(64).fill(10);
    const rewrapped = rewrapRootKey(bundle, { accountId, rootKey: keys.rootKey, exportKey: newExportKey });
    expect(rewrapped.generation).toBe(2);
    expect(rewrapped.sharingSecretKeyWrap).toBe(bundle.sharingSecretKeyWrap);
    expect(Object.keys(rewrapped).sort()).toEqual(Object.keys(bundle).sort());
    expect(openAccountKeyBundle(rewrapped, { accountId, exportKey: newExportKey })).toEqual(keys);
    expectCode(() => openAccountKeyBundle(rewrapped, { accountId, exportKey }), 'DECRYPT_FAILED');
    expectCode(() => rewrapRootKey(bundle, { accountId, rootKey: createAccountKeys().rootKey, exportKey: newExportKey }), 'DECRYPT_FAILED');
  });

  it('exposes validated public keys', () => {
    const keys = createAccountKeys();
    const bundle = sealAccountKeyBundle(keys, { accountId, exportKey });
    expect(accountPublicKeys(bundle)).toEqual({ sharing: keys.sharing.publicKey, signing: keys.signing.publicKey });
    expect(parseAccountKeyBundle(JSON.parse(JSON.stringify(bundle)))).toEqual(bundle);
  });

  it('round-trips through JSON for any account id and export key', () => {
    const keys = createAccountKeys();
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 64 }), fc.uint8Array({ minLength: 32, maxLength: 128 }), (id, key) => {
        const bundle = JSON.parse(JSON.stringify(sealAccountKeyBundle(keys, { accountId: id, exportKey: key }))) as unknown;
        expect(openAccountKeyBundle(bundle, { accountId: id, exportKey: key })).toEqual(keys);
      }),
      { numRuns: 40 },
    );
  });

  it('derives the wrapping key with HKDF-SHA-256 and its own label', () => {
    expect(deriveExportWrappingKey(exportKey)).toEqual(hkdf(exportKey, new Uint8Array(0), 'coffre/v1/account/export-key-wrapping-key', 32));
  });
});

describe('account invalid input', () => {
  const keys = createAccountKeys();
  const exportKey = new Uint8Array(64).fill(1);

  it.each([[new Uint8Array(0)], [new Uint8Array(31)], ['export key'], [null]])('refuses export key %o', (badKey) => {
    expectCode(() => deriveExportWrappingKey(badKey as Uint8Array), 'INVALID_INPUT');
    expectCode(() => sealAccountKeyBundle(keys, { accountId: 'a', exportKey: badKey as Uint8Array }), 'INVALID_INPUT');
  });

  it.each([[''], [5], [null]])('refuses account id %o', (accountId) => {
    expectCode(() => sealAccountKeyBundle(keys, { accountId: accountId as string, exportKey }), 'INVALID_INPUT');
  });

  const badKeys: [string, unknown][] = [
    ['not an object', null],
    ['short root key', { ...keys, rootKey: new Uint8Array(31) }],
    ['missing sharing pair', { ...keys, sharing: undefined }],
    ['mismatched sharing pair', { ...keys, sharing: { ...keys.sharing, publicKey: createAccountKeys().sharing.publicKey } }],
    ['mismatched signing pair', { ...keys, signing: { ...keys.signing, secretKey: createAccountKeys().signing.secretKey } }],
    ['short signing secret', { ...keys, signing: { ...keys.signing, secretKey: new Uint8Array(16) } }],
  ];
  it.each(badKeys)('refuses account keys: %s', (_name, badKeys) => {
    expectCode(() => sealAccountKeyBundle(badKeys as AccountKeys, { accountId: 'a', exportKey }), 'INVALID_INPUT');
  });

  it.each([[null], ['bundle'], [[]], [42]])('refuses bundle %o', (bundle) => {
    expectCode(() => parseAccountKeyBundle(bundle), 'INVALID_INPUT');
  });

  it('refuses a root key of the wrong length for recovery', () => {
    const bundle = sealAccountKeyBundle(keys, { accountId: 'a', exportKey });
    expectCode(() => openAccountKeyBundleWithRootKey(bundle, { accountId: 'a', rootKey: new Uint8Array(16) }), 'INVALID_INPUT');
  });
});

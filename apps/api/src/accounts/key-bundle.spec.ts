import { describe, expect, it } from 'vitest';
import { accountMaterial, accountRow, appError } from '../../test/fixtures.js';
import { ensureRootKeyRewrap, keyBundleOf, validateKeyBundle } from './key-bundle.js';

describe('key bundles on the server', () => {
  const { bundle } = accountMaterial();
  const account = accountRow(bundle);

  it('gives back the bundle an account was registered with', () => {
    expect(keyBundleOf(account)).toEqual(bundle);
  });

  it('accepts a genuine bundle, and refuses invalid public keys or non-canonical base64url', () => {
    expect(validateKeyBundle(bundle, 'body.keyBundle')).toEqual(bundle);
    const lowOrder = { ...bundle, sharingPublicKey: Buffer.alloc(32).toString('base64url') };
    expect(() => validateKeyBundle(lowOrder, 'body.keyBundle')).toThrow(appError('VALIDATION_FAILED'));
    const padded = { ...bundle, rootKeyWrap: `${bundle.rootKeyWrap}=` };
    expect(() => validateKeyBundle(padded, 'body.x')).toThrow(expect.objectContaining({ issues: [{ path: 'body.x', message: 'is not a valid account key bundle' }] }));
  });

  it('accepts a rewrap that changes the root key wrap and bumps the generation by one', () => {
    expect(() => ensureRootKeyRewrap(account, { ...bundle, generation: 2, rootKeyWrap: 'other' }, 'body.keyBundle')).not.toThrow();
  });

  it.each([0, 1, 3])('refuses generation %i after 1 with CONFLICT', (generation) => {
    expect(() => ensureRootKeyRewrap(account, { ...bundle, generation }, 'body.keyBundle')).toThrow(appError('CONFLICT'));
  });

  it('refuses a rewrap that changes anything else, naming each field', () => {
    const other = accountMaterial().bundle;
    const changed = { ...other, generation: 2 };
    expect(() => ensureRootKeyRewrap(account, changed, 'body.keyBundle')).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        issues: ['sharingPublicKey', 'sharingSecretKeyWrap', 'signingPublicKey', 'signingSecretKeyWrap'].map((name) => ({
          path: `body.keyBundle.${name}`,
          message: 'must not change when the password changes',
        })),
      }),
    );
  });
});

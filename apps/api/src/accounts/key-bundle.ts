import { type AccountKeyBundle, parseAccountKeyBundle } from '@coffre/crypto/account';
import { AppError } from '../errors/app-error.js';
import { type Account } from './accounts.repository.js';

export type { AccountKeyBundle };

/**
 * Checks what zod cannot: canonical base64url and valid public keys (not of low order), with
 * @coffre/crypto's own parser, so the key directory never hands out a key that clients refuse.
 * @throws AppError VALIDATION_FAILED naming `field`.
 */
export function validateKeyBundle(bundle: AccountKeyBundle, field: string): AccountKeyBundle {
  try {
    return parseAccountKeyBundle(bundle);
  } catch (error) {
    throw new AppError('VALIDATION_FAILED', `key bundle refused: ${error instanceof Error ? error.message : String(error)}`, {
      issues: [{ path: field, message: 'is not a valid account key bundle' }],
    });
  }
}

/** The bundle of an account, as clients receive it. */
export function keyBundleOf(account: Account): AccountKeyBundle {
  return {
    version: 1,
    generation: account.bundleGeneration,
    rootKeyWrap: account.rootKeyWrap,
    sharingPublicKey: account.sharingPublicKey,
    sharingSecretKeyWrap: account.sharingSecretKeyWrap,
    signingPublicKey: account.signingPublicKey,
    signingSecretKeyWrap: account.signingSecretKeyWrap,
  };
}

/**
 * A password change (or reset) may replace the root key wrap and nothing else, and must build on
 * the current generation. Identity keys never change: a client that sent others would cut the
 * account off from everything shared with it and signed by it.
 * @throws AppError CONFLICT when `next` was built on another generation (a concurrent change);
 *   VALIDATION_FAILED when it changes anything besides the root key wrap.
 */
export function ensureRootKeyRewrap(account: Account, next: AccountKeyBundle, field: string): void {
  const current = keyBundleOf(account);
  if (next.generation !== current.generation + 1) {
    throw new AppError('CONFLICT', `bundle generation ${next.generation} does not follow ${current.generation}`, {
      publicMessage: 'The password was changed meanwhile; sign in again and retry.',
    });
  }
  const unchanged = ['sharingPublicKey', 'sharingSecretKeyWrap', 'signingPublicKey', 'signingSecretKeyWrap'] as const;
  const changed = unchanged.filter((name) => next[name] !== current[name]);
  if (changed.length > 0) {
    throw new AppError('VALIDATION_FAILED', `rewrap changes ${changed.join(', ')}`, {
      issues: changed.map((name) => ({ path: `${field}.${name}`, message: 'must not change when the password changes' })),
    });
  }
}

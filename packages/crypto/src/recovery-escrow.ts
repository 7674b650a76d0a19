/**
 * Recovery escrow: the recovery secret sealed under the account's root key, stored by the server
 * so that the signed-in owner can see their recovery key again. Specified in docs/crypto.md
 * ("Recovery escrow").
 *
 *   escrow = envelope recovery-escrow(root key, owner = account id, version 1, recovery secret (20 B))
 *
 * Only someone holding the root key (the owner, signed in) can open it, and a root key opens
 * nothing the recovery key would not: the escrow adds no way in, only a way to look again.
 *
 * Revealing checks the secret against the account's current recovery wrap: the key shown must
 * be one that recovers this account now. A server that hands out an old escrow next to a new wrap
 * (or the other way round) is caught here rather than showing a key that no longer works.
 */
import { ensureBytes, equalBytes } from './bytes.js';
import { openEnvelope, sealEnvelope } from './envelope.js';
import { CryptoError, ensure } from './errors.js';
import { RECOVERY_SECRET_LENGTH, formatRecoveryKey, openRecoveryWrap } from './recovery.js';

const ROOT_KEY_LENGTH = 32;
/** Version counter bound into the escrow; like the recovery wrap, a new recovery key replaces it. */
const RECOVERY_ESCROW_VERSION = 1;

function binding(accountId: string) {
  ensure(typeof accountId === 'string' && accountId.length > 0, 'accountId must be a non-empty string');
  return { ownerId: accountId, version: RECOVERY_ESCROW_VERSION };
}

/**
 * Seals the recovery secret under the root key, for the server to keep.
 * @throws CryptoError INVALID_INPUT for a root key that is not 32 bytes, a secret that is not
 *   20 bytes or an empty account id.
 */
export function sealRecoveryEscrow(rootKey: Uint8Array, secret: Uint8Array, accountId: string): Uint8Array {
  ensureBytes(rootKey, ROOT_KEY_LENGTH, 'root key');
  ensureBytes(secret, RECOVERY_SECRET_LENGTH, 'recovery secret');
  return sealEnvelope(rootKey, 'recovery-escrow', binding(accountId), secret);
}

/**
 * Opens an escrow and returns the recovery key in its printed form, after checking that it opens
 * `recoveryWrap` (the account's current one) to this same root key.
 * @throws CryptoError DECRYPT_FAILED for an escrow sealed under another root key or for another
 *   account, modified in any way, or whose secret does not open the current recovery wrap to this
 *   root key; UNSUPPORTED_VERSION for an envelope of an unknown format; INVALID_INPUT for
 *   malformed arguments.
 */
export function revealRecoveryKey(options: { escrow: Uint8Array; recoveryWrap: Uint8Array; rootKey: Uint8Array; accountId: string }): string {
  const { escrow, recoveryWrap, rootKey, accountId } = options;
  ensureBytes(rootKey, ROOT_KEY_LENGTH, 'root key');
  const secret = openEnvelope(rootKey, 'recovery-escrow', binding(accountId), escrow);
  if (secret.length !== RECOVERY_SECRET_LENGTH) throw new CryptoError('DECRYPT_FAILED', 'recovery escrow holds a secret of the wrong length');
  const text = formatRecoveryKey(secret);
  const recovered = openRecoveryWrap(recoveryWrap, text, accountId);
  if (!equalBytes(recovered, rootKey)) throw new CryptoError('DECRYPT_FAILED', 'the escrowed recovery key opens the recovery wrap to another root key');
  return text;
}

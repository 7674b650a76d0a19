import { type AccountKeys } from '@coffre/crypto/account';
import { generateRecoveryKey, sealRecoveryWrap } from '@coffre/crypto/recovery';
import { revealRecoveryKey as openRecoveryEscrow, sealRecoveryEscrow } from '@coffre/crypto/recovery-escrow';
import { fromBase64url, toBase64url } from '../encoding.js';
import { type FlowContext } from '../session.js';
import { proveLogin } from './prove-login.js';

/** A recovery key's material for the server: the wrap of the root key, and the escrow of the secret. */
export function recoveryMaterial(rootKey: Uint8Array, secret: Uint8Array, accountId: string): { recoveryWrap: string; recoveryEscrow: string } {
  return {
    recoveryWrap: toBase64url(sealRecoveryWrap(rootKey, secret, accountId)),
    recoveryEscrow: toBase64url(sealRecoveryEscrow(rootKey, secret, accountId)),
  };
}

/**
 * Shows the signed-in account's recovery key again: proves the password with a fresh OPAQUE
 * login, fetches the escrow, opens it with the root key and checks that the key it holds opens
 * the account's current recovery wrap (docs/crypto.md, "Recovery escrow").
 * @throws ApiError UNAUTHENTICATED for a wrong password; NOT_FOUND for an account created
 *   before escrows (generate a new key with {@link renewRecoveryKey}). CryptoError
 *   DECRYPT_FAILED when the escrow does not open or does not match the recovery wrap.
 */
export async function revealRecoveryKey(context: FlowContext, keys: Pick<AccountKeys, 'rootKey'>, password: string): Promise<string> {
  const account = await context.routes.getAccount();
  const { proof } = await proveLogin(context, account.email, password);
  const material = await context.routes.revealRecoveryKey(proof);
  return openRecoveryEscrow({
    escrow: fromBase64url(material.recoveryEscrow),
    recoveryWrap: fromBase64url(material.recoveryWrap),
    rootKey: keys.rootKey,
    accountId: account.accountId,
  });
}

/**
 * Replaces the recovery key: a new secret wraps the root key (the recovery flow reads this wrap)
 * and is escrowed under it, after a fresh proof of the password. The old key stops working.
 * Returns the new key, to show.
 * @throws ApiError UNAUTHENTICATED for a wrong password.
 */
export async function renewRecoveryKey(context: FlowContext, keys: Pick<AccountKeys, 'rootKey'>, password: string): Promise<string> {
  const account = await context.routes.getAccount();
  const { proof } = await proveLogin(context, account.email, password);
  const recovery = generateRecoveryKey();
  try {
    await context.routes.replaceRecoveryKey({ ...proof, ...recoveryMaterial(keys.rootKey, recovery.secret, account.accountId) });
    return recovery.text;
  } finally {
    recovery.secret.fill(0);
  }
}

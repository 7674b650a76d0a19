// Keeping a fresh sign-in: the SDK's SignedIn becomes the stored session, replacing any other.
import { openAccountKeyBundleWithRootKey } from '@coffre/crypto/account';
import { CryptoError } from '@coffre/crypto/errors';
import { type CoffreClient, type SignedIn } from '@coffre/sdk/client';
import { type CommandContext } from '../context.js';
import { loadSession, saveSession } from '../store/session-file.js';

/**
 * Stores `signedIn` (made by `client` on `server`) as the session, after ending the session it
 * replaces (best effort: an old session on an unreachable server still ends locally). The key
 * bundle stored beside the root key is fetched again and must open to the very keys the
 * sign-in produced.
 * @returns the account's email as the server holds it.
 */
export async function keepSession(context: CommandContext, server: string, client: CoffreClient, signedIn: SignedIn): Promise<string> {
  const account = await client.routes.getAccount();
  const reopened = openAccountKeyBundleWithRootKey(account.keyBundle, { accountId: signedIn.accountId, rootKey: signedIn.keys.rootKey });
  const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));
  if (!same(reopened.signing.secretKey, signedIn.keys.signing.secretKey) || !same(reopened.sharing.secretKey, signedIn.keys.sharing.secretKey)) {
    throw new CryptoError('DECRYPT_FAILED', 'the key bundle changed between sign-in and the account lookup');
  }
  const previous = await loadSession(context.config.stateDir).catch(() => undefined);
  if (previous !== undefined && previous.token !== signedIn.token) {
    await context.client(previous.server, previous.token).logout().catch(() => undefined);
  }
  await saveSession(context.config.stateDir, {
    server,
    accountId: signedIn.accountId,
    email: account.email,
    sessionId: signedIn.session.id,
    token: signedIn.token,
    rootKey: signedIn.keys.rootKey,
    keyBundle: account.keyBundle,
  });
  return account.email;
}

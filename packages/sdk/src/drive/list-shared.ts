import { CryptoError } from '@coffre/crypto/errors';
import { openKeyShare } from '@coffre/crypto/share';
import { type ShareView } from '../drive-types.js';
import { fromBase64url } from '../encoding.js';
import { DriveError } from './drive-error.js';
import { type DriveContext } from './drive-context.js';
import { type DriveNode } from './drive-node.js';
import { openWithKey } from './open-node.js';

/**
 * Opens a share's sealed key: the owner's keys come from the directory, checked against the pin
 * for the owner's email, and the share must be signed by them, bound to this account and node.
 * @throws DriveError UNTRUSTED_WRITER without an owner email; TAMPERED when the share does not
 *   verify or the directory names another account; KeyChangedError when the owner's keys changed.
 */
export async function openShareKey(context: DriveContext, share: ShareView): Promise<Uint8Array> {
  if (share.recipientId !== context.accountId) throw new DriveError('TAMPERED', `Share ${share.id} is addressed to another account.`);
  if (share.ownerEmail === null) throw new DriveError('UNTRUSTED_WRITER', `The owner of share ${share.id} has no email this client can verify.`);
  const owner = await context.lookupPublicKeys(share.ownerEmail);
  if (owner.accountId !== share.ownerId) throw new DriveError('TAMPERED', `Share ${share.id} claims an owner other than ${share.ownerEmail}.`);
  context.writers.addContacts([share.ownerEmail]);
  try {
    return await openKeyShare({
      binding: { purpose: 'node-key', senderId: share.ownerId, recipientId: context.accountId, subjectId: share.nodeId },
      share: fromBase64url(share.sealedKey),
      recipientSecretKey: context.keys.sharing.secretKey,
      senderSigningPublicKey: owner.publicKeys.signing,
    });
  } catch (error) {
    if (error instanceof CryptoError || error instanceof TypeError) throw new DriveError('TAMPERED', `Share ${share.id} failed verification.`, { cause: error });
    throw error;
  }
}

/** The root of an accepted share, verified and decrypted with the share's key. */
export async function openSharedRoot(context: DriveContext, share: ShareView): Promise<DriveNode> {
  const nodeKey = await openShareKey(context, share);
  const view = await context.api.getNode(share.nodeId);
  if (view.ownerId !== share.ownerId || view.id !== share.nodeId) throw new DriveError('TAMPERED', `The shared folder of share ${share.id} is not the one shared.`);
  return openWithKey(context, view, nodeKey, { shareId: share.id, role: share.role, ownerId: share.ownerId, ownerEmail: share.ownerEmail });
}

/**
 * The folders other accounts shared with this one and that it accepted, each verified: they
 * can be listed, downloaded and, with role `write`, written like the account's own folders.
 */
export async function listShared(context: DriveContext): Promise<DriveNode[]> {
  const accepted = (await context.api.listIncomingShares()).filter((share) => share.acceptedAt !== null);
  const roots: DriveNode[] = [];
  for (const share of accepted) roots.push(await openSharedRoot(context, share));
  context.sharedRoots = new Map(roots.map((root) => [root.id, root]));
  return roots;
}

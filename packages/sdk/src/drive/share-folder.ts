import { sealKeyShare } from '@coffre/crypto/share';
import { type ShareView } from '../drive-types.js';
import { toBase64url } from '../encoding.js';
import { type ContactKeys } from '../flows/lookup-public-keys.js';
import { DriveError } from './drive-error.js';
import { type DriveContext } from './drive-context.js';
import { type DriveNode, keysOf } from './drive-node.js';
import { openShareKey, openSharedRoot } from './list-shared.js';

/** A new share, and whom it went to (show `contact.fingerprint` when `contact.firstSeen`). */
export interface SharedFolder {
  share: ShareView;
  contact: ContactKeys;
}

/**
 * Shares a folder with the account of `email`: the folder's key sealed (HPKE) to their sharing
 * key, fetched from the directory and checked against the pin for that email, and signed.
 * @throws KeyChangedError when their keys differ from the pinned ones; DriveError NOT_A_FOLDER,
 *   NOT_ALLOWED (a folder this account does not own, or sharing with itself); ApiError NOT_FOUND
 *   for an email without an account.
 */
export async function shareFolder(context: DriveContext, folder: DriveNode, email: string, role: 'read' | 'write'): Promise<SharedFolder> {
  if (folder.kind !== 'folder') throw new DriveError('NOT_A_FOLDER', `"${folder.name}" is not a folder; only folders are shared with accounts.`);
  if (folder.ownerId !== context.accountId) throw new DriveError('NOT_ALLOWED', 'Only the owner of a folder can share it.');
  const contact = await context.lookupPublicKeys(email);
  if (contact.accountId === context.accountId) throw new DriveError('NOT_ALLOWED', 'A folder cannot be shared with its own account.');
  const sealedKey = await sealKeyShare({
    binding: { purpose: 'node-key', senderId: context.accountId, recipientId: contact.accountId, subjectId: folder.id },
    key: keysOf(folder).nodeKey,
    recipientPublicKey: contact.publicKeys.sharing,
    senderSigningKey: context.keys.signing.secretKey,
  });
  context.writers.addContacts([contact.email]);
  const share = await context.api.createShare({ nodeId: folder.id, recipientId: contact.accountId, role, sealedKey: toBase64url(sealedKey) });
  return { share, contact };
}

/** Shares offered to this account and shares it gave, as the server lists them. */
export async function listShares(context: DriveContext): Promise<{ incoming: ShareView[]; outgoing: ShareView[] }> {
  const [incoming, outgoing] = await Promise.all([context.api.listIncomingShares(), context.api.listOutgoingShares()]);
  context.writers.addContacts([...incoming.map((share) => share.ownerEmail), ...outgoing.map((share) => share.recipientEmail)]);
  return { incoming, outgoing };
}

/**
 * Accepts a share offered to this account after checking it: the sealed key must be the owner's
 * (pinned keys) and open the shared folder's record. A share that fails the check after the
 * server recorded the acceptance is left again.
 * @throws DriveError NOT_FOUND for an unknown share; TAMPERED, UNTRUSTED_WRITER; KeyChangedError.
 */
export async function acceptShare(context: DriveContext, shareId: string): Promise<DriveNode> {
  const share = (await context.api.listIncomingShares()).find((entry) => entry.id === shareId);
  if (share === undefined) throw new DriveError('NOT_FOUND', `No share ${shareId} is offered to this account.`);
  await openShareKey(context, share); // refuse before telling the server anything
  const accepted = await context.api.acceptShare(share.id);
  try {
    const root = await openSharedRoot(context, accepted);
    context.sharedRoots?.set(root.id, root);
    return root;
  } catch (error) {
    await context.api.deleteShare(share.id).catch(() => undefined);
    throw error;
  }
}

/** Leaves a share (recipient) or revokes it (owner): the server forgets it. Keys already delivered cannot be taken back. */
export async function deleteShare(context: DriveContext, shareId: string): Promise<void> {
  await context.api.deleteShare(shareId);
  if (context.sharedRoots !== undefined) {
    for (const [id, root] of context.sharedRoots) if (root.shared?.shareId === shareId) context.sharedRoots.delete(id);
  }
}

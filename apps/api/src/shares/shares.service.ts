import { Injectable } from '@nestjs/common';
import { SHARE_LENGTH, SHARE_PURPOSES, SHARE_SUITE_X25519_AES256GCM_ED25519, SHARE_VERSION } from '@coffre/crypto/share';
import { NodeAccessService } from '../access/node-access.service.js';
import { AccountsRepository } from '../accounts/accounts.repository.js';
import { AppError } from '../errors/app-error.js';
import { BinaryFieldChecks } from '../nodes/envelope-fields.js';
import { type CreateShareRequest, type ShareView } from './shares.dto.js';
import { type ShareWithEmails, SharesRepository } from './shares.repository.js';

/**
 * Folders shared between accounts. A share gives access only once its recipient accepts it;
 * what an accepted share allows is enforced by NodeAccessService on every drive route.
 */
@Injectable()
export class SharesService {
  constructor(
    private readonly shares: SharesRepository,
    private readonly accounts: AccountsRepository,
    private readonly access: NodeAccessService,
  ) {}

  /**
   * Shares a folder the account owns with another live account. Only the owner shares: a sharer
   * handing the folder on would give away what is not theirs to give.
   * @throws AppError NOT_FOUND for a node the account cannot see or a recipient that does not
   *   exist; FORBIDDEN when the account sees the folder through a share of its own;
   *   VALIDATION_FAILED for a file, the account itself as recipient, or a sealed key that is not
   *   a node-key share; CONFLICT when the folder is already shared with that account.
   */
  async create(accountId: string, request: CreateShareRequest, now = new Date()): Promise<ShareView> {
    const sealedKey = checkShareFields(accountId, request);
    const { node, ownerId, role } = await this.access.requireRead(accountId, request.nodeId);
    if (role !== 'owner') {
      throw new AppError('FORBIDDEN', `account ${accountId} shares node ${node.id} of ${ownerId}`, { publicMessage: "Only the folder's owner can share it." });
    }
    if (node.kind !== 'folder') {
      throw new AppError('VALIDATION_FAILED', `share of file ${node.id}`, { issues: [{ path: 'body.nodeId', message: 'must be a folder' }] });
    }
    if ((await this.accounts.findLiveById(request.recipientId)) === null) {
      throw new AppError('NOT_FOUND', `share with unknown account ${request.recipientId}`, { publicMessage: 'No such account.' });
    }
    const share = await this.shares.create({ nodeId: node.id, ownerId, recipientId: request.recipientId, role: request.role, sealedKey, createdAt: now });
    if (share === 'exists') {
      throw new AppError('CONFLICT', `node ${node.id} already shared with ${request.recipientId}`, { publicMessage: 'This folder is already shared with this account.' });
    }
    return toShareView(share);
  }

  /** The shares the account gave. */
  async listOutgoing(accountId: string): Promise<ShareView[]> {
    return (await this.shares.listByOwner(accountId)).map(toShareView);
  }

  /** The shares the account received, pending and accepted. */
  async listIncoming(accountId: string): Promise<ShareView[]> {
    return (await this.shares.listByRecipient(accountId)).map(toShareView);
  }

  /**
   * Accepts a share the account received: from now on it gives access. Accepting twice is
   * harmless. The client checks the sealed key (sender's signature, its own key) before it
   * accepts; the server cannot.
   * @throws AppError NOT_FOUND unless the account is the share's recipient.
   */
  async accept(accountId: string, shareId: string, now = new Date()): Promise<ShareView> {
    const share = await this.shares.accept(accountId, shareId, now);
    if (share === null) throw notFound(accountId, shareId);
    return toShareView(share);
  }

  /**
   * Ends a share: its owner revokes it, or its recipient leaves it. Access ends at once.
   * @throws AppError NOT_FOUND unless the account is the share's owner or recipient.
   */
  async delete(accountId: string, shareId: string): Promise<void> {
    if (!(await this.shares.deleteFor(accountId, shareId))) throw notFound(accountId, shareId);
  }
}

function notFound(accountId: string, shareId: string): AppError {
  return new AppError('NOT_FOUND', `no share ${shareId} for account ${accountId}`, { publicMessage: 'No such share.' });
}

/**
 * Refuses a share with oneself, and a sealed key that is not a version 1 key share of a node key
 * (docs/crypto.md, "Key shares"). The rest of it (HPKE ciphertext, signature) only the recipient
 * can check; this catches a track key share, or a format this version's clients would refuse.
 * @throws AppError VALIDATION_FAILED listing every problem.
 */
function checkShareFields(accountId: string, request: CreateShareRequest): Uint8Array<ArrayBuffer> {
  const checks = new BinaryFieldChecks();
  const sealedKey = checks.decode(request.sealedKey, 'body.sealedKey');
  const header = [SHARE_VERSION, SHARE_SUITE_X25519_AES256GCM_ED25519, SHARE_PURPOSES['node-key']];
  if (sealedKey.length !== SHARE_LENGTH || header.some((byte, index) => sealedKey[index] !== byte)) {
    checks.issues.push({ path: 'body.sealedKey', message: `must be a ${SHARE_LENGTH}-byte key share (version 1) of a node key` });
  }
  if (request.recipientId === accountId) checks.issues.push({ path: 'body.recipientId', message: 'must be another account' });
  if (checks.issues.length > 0) {
    throw new AppError('VALIDATION_FAILED', `share refused: ${checks.issues.map((issue) => issue.path).join(', ')}`, { issues: checks.issues });
  }
  return new Uint8Array(sealedKey);
}

/** A share as both of its accounts see it. */
export function toShareView(share: ShareWithEmails): ShareView {
  return {
    id: share.id,
    nodeId: share.nodeId,
    ownerId: share.ownerId,
    ownerEmail: share.owner.email,
    recipientId: share.recipientId,
    recipientEmail: share.recipient.email,
    role: share.role,
    sealedKey: Buffer.from(share.sealedKey).toString('base64url'),
    createdAt: share.createdAt.toISOString(),
    acceptedAt: share.acceptedAt?.toISOString() ?? null,
  };
}

import { Injectable } from '@nestjs/common';
import { type Node } from '@coffre/db/client';
import { AppError } from '../errors/app-error.js';
import { type AncestorRow, NodeAccessRepository } from './node-access.repository.js';

/** What an account may do with a node: everything (its owner), or what a share allows. */
export type NodeRole = 'owner' | 'write' | 'read';

/** A node an access check let through. */
export interface NodeAccess {
  readonly node: Node;
  /** The account whose drive the node is in: quota and ownership of new nodes go to it. */
  readonly ownerId: string;
  readonly role: NodeRole;
  /** The node, or a folder above it, is in the trash. */
  readonly inTrash: boolean;
  /** A folder above the node is in the trash (the node itself may be too, or not). */
  readonly underTrashedFolder: boolean;
}

export interface AccessOptions {
  /**
   * Let nodes in the trash through (restore, permanent delete). Everything else treats a node in
   * the trash, or under a folder in the trash, as absent.
   */
  readonly includeTrashed?: boolean;
}

/**
 * Who may read or change a node: its owner, or an account holding an accepted share of the node
 * or of a folder above it (role read or write). Every refusal is the same 404 NOT_FOUND a node
 * that does not exist gets, so that ids of other accounts' nodes cannot be probed.
 */
@Injectable()
export class NodeAccessService {
  constructor(private readonly repository: NodeAccessRepository) {}

  /** @throws AppError NOT_FOUND unless `accountId` may read the node. */
  requireRead(accountId: string, nodeId: string, options: AccessOptions = {}): Promise<NodeAccess> {
    return this.#require(accountId, nodeId, ['owner', 'write', 'read'], options);
  }

  /** @throws AppError NOT_FOUND unless `accountId` may change the node (or, for a folder, add to it). */
  requireWrite(accountId: string, nodeId: string, options: AccessOptions = {}): Promise<NodeAccess> {
    return this.#require(accountId, nodeId, ['owner', 'write'], options);
  }

  /** @throws AppError NOT_FOUND unless `accountId` owns the node. */
  requireOwner(accountId: string, nodeId: string, options: AccessOptions = {}): Promise<NodeAccess> {
    return this.#require(accountId, nodeId, ['owner'], options);
  }

  /** Whether `ancestorId` is `nodeId` itself or a folder above it (false when either is absent). */
  isWithin(nodeId: string, ancestorId: string): Promise<boolean> {
    return this.repository.isWithin(nodeId, ancestorId);
  }

  async #require(accountId: string, nodeId: string, allowed: readonly NodeRole[], options: AccessOptions): Promise<NodeAccess> {
    const [node, chain] = await Promise.all([this.repository.findNode(nodeId), this.repository.ancestry(nodeId, accountId)]);
    const role = node === null ? undefined : roleOf(accountId, node, chain);
    const underTrashedFolder = chain.slice(1).some((ancestor) => ancestor.trashed);
    const inTrash = underTrashedFolder || chain[0]?.trashed === true;
    if (node === null || role === undefined || !allowed.includes(role) || (inTrash && options.includeTrashed !== true)) {
      throw new AppError('NOT_FOUND', `node ${nodeId} is not ${allowed.at(-1)}-accessible to ${accountId}`, { publicMessage: 'No such file or folder.' });
    }
    return { node, ownerId: node.ownerId, role, inTrash, underTrashedFolder };
  }
}

/** The strongest role `accountId` holds on `node`, given its chain of ancestors. */
function roleOf(accountId: string, node: Node, chain: readonly AncestorRow[]): NodeRole | undefined {
  if (node.ownerId === accountId) return 'owner';
  // Shares only ever give access to the sharer's own tree: a chain that leaves the owner's
  // nodes (it cannot, as moves stay within one owner) would give nothing.
  const roles = chain.filter((ancestor) => ancestor.ownerId === node.ownerId).map((ancestor) => ancestor.shareRole);
  if (roles.includes('write')) return 'write';
  if (roles.includes('read')) return 'read';
  return undefined;
}

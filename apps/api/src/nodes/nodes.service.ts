import { Injectable } from '@nestjs/common';
import { type FileVersion } from '@coffre/db/client';
import { type NodeAccess, NodeAccessService } from '../access/node-access.service.js';
import { AccountsRepository } from '../accounts/accounts.repository.js';
import { DriveQueues } from '../drive-jobs/drive-queues.js';
import { AppError } from '../errors/app-error.js';
import { toFileVersionView } from '../files/file-views.js';
import { type CheckedNodeRecord, checkNodeRecord } from './node-record.js';
import { type CreateNodeRequest, DEFAULT_PAGE_LIMIT, type NodePage, type NodeView, type PageQuery, type UpdateNodeRequest } from './nodes.dto.js';
import { type Node, NodesRepository, type NodeWithCurrent } from './nodes.repository.js';
import { decodeCursor, encodeCursor } from './page-cursor.js';

/** A page request: where to start (a cursor this API handed out) and how many items. */
export interface PageRequest {
  readonly cursor?: string | undefined;
  readonly limit?: number | undefined;
}

/**
 * The drive's tree: folders and files as encrypted, signed records (docs/drive-design.md). The
 * server checks what it can without reading anything: who may write where, that records are
 * signed by their writer for exactly the ids, version and envelopes stored, that versions only
 * grow, that moves stay inside one owner's tree and make no cycle.
 */
@Injectable()
export class NodesService {
  constructor(
    private readonly access: NodeAccessService,
    private readonly nodes: NodesRepository,
    private readonly accounts: AccountsRepository,
    private readonly queues: DriveQueues,
  ) {}

  /**
   * Creates a node: the caller's root folder (`parentId` null, once), or a node in a folder the
   * caller may write, owned by that folder's owner and signed by the caller. Sending the same
   * record again answers the node as created (a retry after a lost answer).
   * @throws AppError VALIDATION_FAILED (bad record or signature, parent not a folder); NOT_FOUND
   *   (parent not writable); CONFLICT (the id is taken, or the root exists).
   */
  async create(accountId: string, request: CreateNodeRequest): Promise<NodeView> {
    let ownerId = accountId;
    if (request.parentId === null) {
      if (request.kind !== 'folder') throw invalid('body.kind', 'must be folder for a root folder');
    } else {
      const parent = await this.access.requireWrite(accountId, request.parentId);
      if (parent.node.kind !== 'folder') throw invalid('body.parentId', 'must be a folder');
      ownerId = parent.ownerId;
    }
    const record = checkNodeRecord({ ...request, nodeId: request.id, ownerId }, await this.#signingKeyOf(accountId));
    const created = await this.nodes.create({
      id: request.id,
      ownerId,
      parentId: request.parentId,
      rootOf: request.parentId === null ? ownerId : null,
      kind: request.kind,
      keyWrap: record.keyWrap,
      name: record.name,
      metadata: record.metadata,
      version: request.version,
      signature: record.signature,
      writerId: accountId,
    });
    if (created === 'no-parent') throw noSuchNode(request.parentId ?? request.id);
    if (created !== 'exists') return this.toView(created);
    const existing = await this.nodes.findById(request.id);
    if (existing !== null && existing.ownerId === ownerId && sameRecord(existing, request, record)) return this.toView(existing);
    throw new AppError('CONFLICT', `node ${request.id} exists (or ${ownerId} has a root)`, {
      publicMessage: request.parentId === null ? 'This account already has a root folder.' : 'A node with this id already exists.',
    });
  }

  /** The caller's root folder. @throws AppError NOT_FOUND until the client creates it. */
  async root(accountId: string): Promise<NodeView> {
    const root = await this.nodes.findRootOf(accountId);
    if (root === null) throw new AppError('NOT_FOUND', `${accountId} has no root folder yet`, { publicMessage: 'No root folder yet.' });
    return this.toView(root);
  }

  /** A node the caller may read, not in the trash. @throws AppError NOT_FOUND */
  async get(accountId: string, nodeId: string): Promise<NodeView> {
    await this.access.requireRead(accountId, nodeId);
    return this.#view(nodeId);
  }

  /** A page of a folder's children (not those in the trash). @throws AppError NOT_FOUND; VALIDATION_FAILED (cursor) */
  async children(accountId: string, folderId: string, page: PageQuery): Promise<NodePage> {
    const { node } = await this.access.requireRead(accountId, folderId);
    if (node.kind !== 'folder') throw invalid('param.id', 'must be a folder');
    return this.listChildren(folderId, page);
  }

  /**
   * A page of a folder's children not in the trash, oldest first: no access check, for callers
   * that made their own (the links' folder listings).
   * @throws AppError VALIDATION_FAILED for a cursor this API did not hand out.
   */
  async listChildren(parentId: string, page: PageRequest): Promise<NodePage> {
    const limit = page.limit ?? DEFAULT_PAGE_LIMIT;
    const rows = await this.nodes.children(parentId, decodeCursor(page.cursor), limit + 1);
    return this.#page(rows, limit, (node) => encodeCursor(node.createdAt, node.id));
  }

  /**
   * Replaces a node's record: rename, new metadata, or a move (the node key rewrapped under the
   * new parent's). The version must be the stored one plus one.
   * @throws AppError CONFLICT (stale version: someone changed it first); VALIDATION_FAILED (bad
   *   record, the root, a move into itself, out of its owner's tree or under a file); NOT_FOUND.
   */
  async update(accountId: string, nodeId: string, request: UpdateNodeRequest): Promise<NodeView> {
    const { node, ownerId } = await this.access.requireWrite(accountId, nodeId);
    if (node.parentId === null) throw invalid('body.parentId', 'the root folder cannot be moved or changed');
    const moving = request.parentId !== node.parentId;
    if (moving) await this.#checkNewParent(accountId, nodeId, ownerId, request.parentId);
    if (request.version !== node.version + 1) throw staleVersion(nodeId, node.version, request.version);
    const record = checkNodeRecord({ ...request, nodeId, ownerId }, await this.#signingKeyOf(accountId));
    const updated = await this.nodes.update(
      nodeId,
      ownerId,
      { parentId: request.parentId, ...record, version: request.version, writerId: accountId },
      moving,
    );
    if (updated === 'stale') throw staleVersion(nodeId, node.version, request.version);
    if (updated === 'cycle') throw invalid('body.parentId', 'cannot move a folder into itself or below it');
    if (updated === 'no-parent') throw noSuchNode(request.parentId);
    return this.toView(updated);
  }

  /** Puts a node, and everything under it, in the trash. @throws AppError NOT_FOUND; VALIDATION_FAILED (the root) */
  async trash(accountId: string, nodeId: string, now = new Date()): Promise<NodeView> {
    const { node } = await this.access.requireWrite(accountId, nodeId);
    if (node.parentId === null) throw invalid('param.id', 'the root folder cannot be trashed');
    return this.toView(await this.nodes.setTrashed(nodeId, now));
  }

  /**
   * Takes a node out of the trash, with everything under it.
   * @throws AppError NOT_FOUND; CONFLICT when it is not in the trash itself, or its folder is.
   */
  async restore(accountId: string, nodeId: string): Promise<NodeView> {
    const access = await this.access.requireWrite(accountId, nodeId, { includeTrashed: true });
    if (access.node.trashedAt === null) {
      throw new AppError('CONFLICT', `${nodeId} is not trashed itself`, { publicMessage: 'This is not in the trash, or only its folder is: restore that.' });
    }
    if (access.underTrashedFolder) {
      throw new AppError('CONFLICT', `a folder above ${nodeId} is trashed`, { publicMessage: 'Its folder is in the trash: restore that first.' });
    }
    return this.toView(await this.nodes.setTrashed(nodeId, null));
  }

  /**
   * Deletes a node and everything under it for good (the owner only); stored objects are removed
   * by the purge job, and the quota is released now.
   * @throws AppError NOT_FOUND; VALIDATION_FAILED (the root)
   */
  async delete(accountId: string, nodeId: string): Promise<void> {
    const { node } = await this.access.requireOwner(accountId, nodeId, { includeTrashed: true });
    if (node.parentId === null) throw invalid('param.id', 'the root folder cannot be deleted (delete the account instead)');
    const purged = await this.nodes.deleteSubtree(nodeId);
    if (purged === 'gone') throw noSuchNode(nodeId);
    await this.queues.enqueuePurges(purged);
  }

  /** A page of the nodes the caller trashed (its own drive), most recent first. */
  async listTrash(accountId: string, page: PageQuery): Promise<NodePage> {
    const limit = page.limit ?? DEFAULT_PAGE_LIMIT;
    const rows = await this.nodes.trashed(accountId, decodeCursor(page.cursor), limit + 1);
    return this.#page(rows, limit, (node) => encodeCursor(node.trashedAt ?? node.createdAt, node.id));
  }

  /** The view of one node row, as every route and the links' routes answer it. */
  async toView(node: Node): Promise<NodeView> {
    const [view] = await this.toViews([node]);
    return view!;
  }

  /** The views of node rows, with their writers' keys and newest versions, in two queries. */
  async toViews(nodes: readonly Node[]): Promise<NodeView[]> {
    const keys = await this.nodes.signingKeys(nodes.map((node) => node.writerId));
    const loaded = nodes.filter((node): node is NodeWithCurrent => 'versions' in node);
    const missing = nodes.filter((node) => node.kind === 'file' && !('versions' in node)).map((node) => node.id);
    const current = new Map<string, FileVersion>([...(await this.nodes.currentVersions(missing))]);
    for (const node of loaded) if (node.versions[0] !== undefined) current.set(node.id, node.versions[0]);
    return nodes.map((node) => {
      const version = current.get(node.id);
      return {
        id: node.id,
        ownerId: node.ownerId,
        parentId: node.parentId,
        kind: node.kind,
        keyWrap: base64url(node.keyWrap),
        name: base64url(node.name),
        metadata: base64url(node.metadata),
        version: node.version,
        signature: base64url(node.signature),
        writerId: node.writerId,
        // Empty once the writer's account is deleted: clients then cannot verify the record.
        writerSigningPublicKey: keys.get(node.writerId) ?? '',
        trashedAt: node.trashedAt?.toISOString() ?? null,
        createdAt: node.createdAt.toISOString(),
        updatedAt: node.updatedAt.toISOString(),
        currentVersion: node.kind === 'file' && version !== undefined ? toFileVersionView(version) : null,
      };
    });
  }

  async #view(nodeId: string): Promise<NodeView> {
    const node = await this.nodes.findById(nodeId);
    if (node === null) throw noSuchNode(nodeId);
    return this.toView(node);
  }

  async #page(rows: NodeWithCurrent[], limit: number, cursorOf: (node: Node) => string): Promise<NodePage> {
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return { items: await this.toViews(items), nextCursor: rows.length > limit && last !== undefined ? cursorOf(last) : null };
  }

  /**
   * A move's new parent: a folder the caller may write, in the same owner's tree.
   * @throws AppError NOT_FOUND, VALIDATION_FAILED
   */
  async #checkNewParent(accountId: string, nodeId: string, ownerId: string, parentId: string): Promise<NodeAccess> {
    if (parentId === nodeId) throw invalid('body.parentId', 'cannot move a folder into itself or below it');
    const parent = await this.access.requireWrite(accountId, parentId);
    if (parent.node.kind !== 'folder') throw invalid('body.parentId', 'must be a folder');
    if (parent.ownerId !== ownerId) throw invalid('body.parentId', "must be in the same owner's drive");
    return parent;
  }

  /** The caller's Ed25519 public key: the key its records must verify under. */
  async #signingKeyOf(accountId: string): Promise<string> {
    const account = await this.accounts.findLiveById(accountId);
    if (account === null) throw new AppError('UNAUTHENTICATED', `account ${accountId} is gone`);
    return account.signingPublicKey;
  }
}

/** Whether a stored node is exactly the record of a create request (a retried create). */
function sameRecord(node: Node, request: CreateNodeRequest, record: CheckedNodeRecord): boolean {
  return (
    node.parentId === request.parentId &&
    node.kind === request.kind &&
    node.version === request.version &&
    Buffer.from(node.signature).equals(record.signature) &&
    Buffer.from(node.keyWrap).equals(record.keyWrap) &&
    Buffer.from(node.name).equals(record.name) &&
    Buffer.from(node.metadata).equals(record.metadata)
  );
}

function base64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

function invalid(path: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', `${path} ${message}`, { issues: [{ path, message }] });
}

function noSuchNode(nodeId: string): AppError {
  return new AppError('NOT_FOUND', `no node ${nodeId}`, { publicMessage: 'No such file or folder.' });
}

function staleVersion(nodeId: string, stored: number, sent: number): AppError {
  return new AppError('CONFLICT', `node ${nodeId} is at version ${stored}; ${sent} sent`, {
    publicMessage: 'Someone changed this first; reload it and try again.',
  });
}

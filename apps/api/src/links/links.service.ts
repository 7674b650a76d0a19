import { Injectable } from '@nestjs/common';
import { CryptoError } from '@coffre/crypto/errors';
import { decodePasswordParams } from '@coffre/crypto/password';
import { NodeAccessService } from '../access/node-access.service.js';
import { AppError } from '../errors/app-error.js';
import { BinaryFieldChecks } from '../nodes/envelope-fields.js';
import { NODE_KEY_LENGTH } from '../nodes/node-record.js';
import { DEFAULT_PAGE_LIMIT, type PageQuery } from '../nodes/nodes.dto.js';
import { decodeCursor, encodeCursor } from '../nodes/page-cursor.js';
import { ACCESS_HASH_LENGTH, type CreateLinkRequest, LINK_KEY_WRAP_LENGTH, type LinkPage, type LinkView, linkIdSchema } from './links.dto.js';
import { type LinkWithKind, LinksRepository } from './links.repository.js';

/**
 * Share links as their creator and the owner of their node manage them: create, list, revoke. A
 * read-write sharer may make links to the owner's files; the owner sees and may revoke them.
 */
@Injectable()
export class LinksService {
  constructor(
    private readonly links: LinksRepository,
    private readonly access: NodeAccessService,
  ) {}

  /**
   * Creates a link to a node the account may write: its owner, or a read-write sharer (a link
   * hands the node to anyone holding it, which is more than reading it). The server checks the
   * formats it can check without any key: the wrap's envelope purpose matches the presence of a
   * password, and the password parameters are within the bounds clients accept.
   * @throws AppError NOT_FOUND for a node the account cannot write (or in the trash);
   *   VALIDATION_FAILED for an expiry in the past or malformed wrap or parameters;
   *   CONFLICT when the id is taken (clients choose it at random: choose another).
   */
  async create(accountId: string, request: CreateLinkRequest, now = new Date()): Promise<LinkView> {
    const { keyWrap, passwordParams, accessHash } = checkLinkFields(request, now);
    await this.access.requireWrite(accountId, request.nodeId);
    const link = await this.links.create({
      id: request.id,
      ownerId: accountId,
      nodeId: request.nodeId,
      keyWrap,
      passwordParams,
      accessHash,
      expiresAt: request.expiresAt === null ? null : new Date(request.expiresAt),
      maxDownloads: request.maxDownloads,
      createdAt: now,
    });
    if (link === 'id-taken') {
      throw new AppError('CONFLICT', `link id ${request.id} is taken`, { publicMessage: 'A link with this id exists already; choose another id.' });
    }
    return toLinkView(link);
  }

  /**
   * The links the account created and those made by others on nodes it owns, newest first
   * (revoked, expired and spent ones included).
   */
  async list(accountId: string, query: PageQuery): Promise<LinkPage> {
    const after = decodeCursor(query.cursor, linkIdSchema);
    const limit = query.limit ?? DEFAULT_PAGE_LIMIT;
    const rows = await this.links.listManagedBy(accountId, after, limit + 1);
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return { items: items.map(toLinkView), nextCursor: rows.length > limit && last !== undefined ? encodeCursor(last.createdAt, last.id) : null };
  }

  /**
   * Revokes a link the account created or made to a node it owns: opening it answers 410
   * LINK_REVOKED from now on, and the grants it handed out stop working. Revoking twice is harmless.
   * @throws AppError NOT_FOUND unless the account created the link or owns its node.
   */
  async revoke(accountId: string, linkId: string, now = new Date()): Promise<void> {
    if (!(await this.links.revoke(accountId, linkId, now))) {
      throw new AppError('NOT_FOUND', `no link ${linkId} created by ${accountId} or to a node it owns`, { publicMessage: 'No such link.' });
    }
  }
}

/**
 * Checks what the server can check without any key. A password-protected link's wrap is a
 * link-password-wrap and comes with Argon2id parameters within the bounds clients accept; a link
 * without a password has a plain link-key-wrap. A mismatch would make a link nobody can open, or
 * one that asks for a password that protects nothing.
 * @throws AppError VALIDATION_FAILED listing every problem.
 */
function checkLinkFields(request: CreateLinkRequest, now: Date) {
  const checks = new BinaryFieldChecks();
  const keyWrap = checks.decode(request.keyWrap, 'body.keyWrap');
  const passwordParams = request.passwordParams === null ? null : checks.decode(request.passwordParams, 'body.passwordParams');
  const accessHash = checks.decode(request.accessHash, 'body.accessHash');
  checks.length(accessHash, ACCESS_HASH_LENGTH, 'body.accessHash');
  if (passwordParams === null) {
    checks.envelope(keyWrap, 'link-key-wrap', { min: NODE_KEY_LENGTH, max: NODE_KEY_LENGTH }, 'body.keyWrap');
  } else {
    checks.envelope(keyWrap, 'link-password-wrap', { min: LINK_KEY_WRAP_LENGTH, max: LINK_KEY_WRAP_LENGTH }, 'body.keyWrap');
    try {
      decodePasswordParams(passwordParams);
    } catch (error) {
      if (!(error instanceof CryptoError)) throw error;
      checks.issues.push({ path: 'body.passwordParams', message: 'must be an Argon2id parameter record within the accepted costs' });
    }
  }
  if (request.expiresAt !== null && new Date(request.expiresAt) <= now) checks.issues.push({ path: 'body.expiresAt', message: 'must be in the future' });
  if (checks.issues.length > 0) {
    throw new AppError('VALIDATION_FAILED', `link ${request.id} refused: ${checks.issues.map((issue) => issue.path).join(', ')}`, { issues: checks.issues });
  }
  return { keyWrap: new Uint8Array(keyWrap), passwordParams: passwordParams === null ? null : new Uint8Array(passwordParams), accessHash: new Uint8Array(accessHash) };
}

/** A link as its creator and its node's owner see it. */
export function toLinkView(link: LinkWithKind): LinkView {
  return {
    id: link.id,
    nodeId: link.nodeId,
    createdBy: link.ownerId,
    kind: link.node.kind,
    hasPassword: link.passwordParams !== null,
    expiresAt: link.expiresAt?.toISOString() ?? null,
    maxDownloads: link.maxDownloads,
    downloads: link.downloads,
    revokedAt: link.revokedAt?.toISOString() ?? null,
    createdAt: link.createdAt.toISOString(),
  };
}

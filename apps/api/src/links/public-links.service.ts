import { Inject, Injectable } from '@nestjs/common';
import { type ApiConfig } from '@coffre/config/api';
import { type Node } from '@coffre/db/client';
import { NodeAccessService } from '../access/node-access.service.js';
import { API_CONFIG } from '../config/api-config.module.js';
import { AppError } from '../errors/app-error.js';
import { FileContentService, type FileContent } from '../files/file-content.service.js';
import { BinaryFieldChecks } from '../nodes/envelope-fields.js';
import { type NodePage, type PageQuery } from '../nodes/nodes.dto.js';
import { NodesService } from '../nodes/nodes.service.js';
import { RateLimitService } from '../rate-limit/rate-limit.service.js';
import { LinkGrantsRepository } from './link-grants.repository.js';
import { ensureLinkUsable } from './link-state.js';
import { accessTokenMatches, linkGrantHash, newLinkGrant } from './link-tokens.js';
import { type LinkWithKind, LinksRepository } from './links.repository.js';
import { ACCESS_TOKEN_LENGTH, type OpenLinkRequest, type OpenLinkResponse, type PublicLinkView } from './public-links.dto.js';

/**
 * Share links as anyone holding one uses them, without an account. A link acts with the read
 * access of the account that created it, limited to the linked node and what lies below it: when
 * the node goes to the trash, or the creator loses access (a share ends), the link stops working.
 *
 * Opening a link proves the access token (derived from the secret in the URL fragment and the
 * password) and spends one download; it returns a grant, valid for a while, that the listing and
 * content routes require.
 */
@Injectable()
export class PublicLinksService {
  constructor(
    private readonly links: LinksRepository,
    private readonly grants: LinkGrantsRepository,
    private readonly rateLimits: RateLimitService,
    private readonly access: NodeAccessService,
    private readonly nodes: NodesService,
    private readonly content: FileContentService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /**
   * What a client needs before opening a link: the kind of node, the password parameters.
   * @throws AppError NOT_FOUND for an unknown link or one whose node is gone or in the trash;
   *   LINK_REVOKED, LINK_EXPIRED, LINK_EXHAUSTED.
   */
  async describe(linkId: string, now = new Date()): Promise<PublicLinkView> {
    const { link } = await this.usableLink(linkId, now);
    return {
      id: link.id,
      kind: link.node.kind,
      passwordParams: link.passwordParams === null ? null : base64url(link.passwordParams),
      expiresAt: link.expiresAt?.toISOString() ?? null,
      downloadsLeft: link.maxDownloads === null ? null : Math.max(0, link.maxDownloads - link.downloads),
    };
  }

  /**
   * Opens a link: checks the access token, spends one download (atomically: a link limited to N
   * opens exactly N times, however many requests race), and hands out a grant.
   * @throws AppError as {@link describe}; UNAUTHENTICATED for a wrong token, which spends
   *   nothing; RATE_LIMITED (with Retry-After) once the link or the address has sent too many
   *   wrong tokens.
   */
  async open(linkId: string, request: OpenLinkRequest, ip: string, now = new Date()): Promise<OpenLinkResponse> {
    const accessToken = checkAccessToken(request);
    const { link, node } = await this.usableLink(linkId, now);
    const opener = { ip, linkId };
    const check = await this.rateLimits.checkLinkOpen(opener);
    if (!check.allowed) throw rateLimited(linkId, check.retryAfterSeconds);
    if (!accessTokenMatches(accessToken, link.accessHash)) {
      const after = await this.rateLimits.countWrongLinkToken(opener);
      if (!after.allowed) throw rateLimited(linkId, after.retryAfterSeconds);
      throw new AppError('UNAUTHENTICATED', `wrong access token for link ${linkId}`);
    }
    // The grant is stored before the download is spent: if Redis fails, nothing is spent; if the
    // spending fails, the stored grant was never handed to anyone and expires unused.
    const { grant, grantHash } = newLinkGrant();
    const ttlMs = this.config.links.grantTtlSeconds * 1000;
    await this.grants.save(grantHash, linkId, ttlMs);
    if ((await this.links.spendDownload(linkId, now)) === null) {
      // Another request took the last download, or the owner revoked the link, meanwhile.
      const current = await this.links.find(linkId);
      if (current === null) throw linkNotFound(linkId);
      ensureLinkUsable(current, now, 'counted');
      throw new AppError('LINK_EXHAUSTED', `link ${linkId} could not be spent`);
    }
    return {
      grant,
      grantExpiresAt: new Date(now.getTime() + ttlMs).toISOString(),
      keyWrap: base64url(link.keyWrap),
      node: await this.nodes.toView(node),
    };
  }

  /**
   * A page of the children of a folder at or below a linked folder.
   * @throws AppError UNAUTHENTICATED without a live grant of this link; LINK_REVOKED or
   *   LINK_EXPIRED; NOT_FOUND for a node outside the linked folder, in the trash, or not a folder.
   */
  async listChildren(linkId: string, grant: string | undefined, nodeId: string, query: PageQuery, now = new Date()): Promise<NodePage> {
    const node = await this.grantedNode(linkId, grant, nodeId, now);
    if (node.kind !== 'folder') throw noSuchNode(`link ${linkId}: node ${nodeId} is not a folder`);
    return this.nodes.listChildren(node.id, query);
  }

  /**
   * The ciphertext of the newest version of a file at or below the linked node, or a range of it.
   * @throws AppError as {@link listChildren}, NOT_FOUND for a node that is not a file, and the
   *   content errors of FileContentService (RANGE_NOT_SATISFIABLE...).
   */
  async fileContent(linkId: string, grant: string | undefined, nodeId: string, range: string | undefined, now = new Date()): Promise<FileContent> {
    const node = await this.grantedNode(linkId, grant, nodeId, now);
    if (node.kind !== 'file') throw noSuchNode(`link ${linkId}: node ${nodeId} is not a file`);
    return this.content.open(node.id, 'current', range);
  }

  /** The link, if it exists and may be opened, and its node, if its creator can still read it. */
  private async usableLink(linkId: string, now: Date): Promise<{ link: LinkWithKind; node: Node }> {
    const link = await this.links.find(linkId);
    if (link === null) throw linkNotFound(linkId);
    ensureLinkUsable(link, now, 'counted');
    const { node } = await this.access.requireRead(link.ownerId, link.nodeId);
    return { link, node };
  }

  /**
   * The node `nodeId`, if the request holds a live grant of this link, the link is neither
   * revoked nor expired, and the node is the linked node or below it, out of the trash.
   */
  private async grantedNode(linkId: string, grant: string | undefined, nodeId: string, now: Date) {
    const grantHash = linkGrantHash(grant);
    const grantedLinkId = grantHash === null ? null : await this.grants.findLinkId(grantHash);
    if (grantedLinkId !== linkId) throw new AppError('UNAUTHENTICATED', `no live grant of link ${linkId}`);
    const link = await this.links.find(linkId);
    if (link === null) throw linkNotFound(linkId);
    ensureLinkUsable(link, now, 'spent');
    await this.access.requireRead(link.ownerId, link.nodeId);
    const { node } = await this.access.requireRead(link.ownerId, nodeId);
    if (nodeId !== link.nodeId && !(await this.access.isWithin(nodeId, link.nodeId))) {
      throw noSuchNode(`link ${linkId}: node ${nodeId} is outside ${link.nodeId}`);
    }
    return node;
  }
}

function rateLimited(linkId: string, retryAfterSeconds: number): AppError {
  return new AppError('RATE_LIMITED', `link ${linkId}: too many wrong access tokens`, { headers: { 'retry-after': String(retryAfterSeconds) } });
}

/**
 * The bytes of the access token.
 * @throws AppError VALIDATION_FAILED for anything but the canonical base64url of 32 bytes (no
 *   such value can be right, so it is not counted as a guess).
 */
function checkAccessToken(request: OpenLinkRequest): Uint8Array {
  const checks = new BinaryFieldChecks();
  const token = checks.decode(request.accessToken, 'body.accessToken');
  checks.length(token, ACCESS_TOKEN_LENGTH, 'body.accessToken');
  if (checks.issues.length > 0) throw new AppError('VALIDATION_FAILED', 'malformed link access token', { issues: checks.issues });
  return token;
}

function base64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

/** Answered like a node that does not exist, so that a link tells nothing about the rest of the drive. */
function noSuchNode(internalMessage: string): AppError {
  return new AppError('NOT_FOUND', internalMessage, { publicMessage: 'No such file or folder.' });
}

function linkNotFound(linkId: string): AppError {
  return new AppError('NOT_FOUND', `no link ${linkId}`, { publicMessage: 'No such link.' });
}

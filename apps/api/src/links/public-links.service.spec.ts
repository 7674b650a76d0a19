import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { type ApiConfig } from '@coffre/config/api';
import { beforeEach, describe, expect, it, type Mocked } from 'vitest';
import { ACCOUNT_ID, appError, NOW } from '../../test/fixtures.js';
import { b64, CHILD_ID, linkMaterial, linkRow, NODE_ID, nodeAccess, nodeRow } from '../../test/link-fixtures.js';
import { strictMock } from '../../test/strict-mock.js';
import { type NodeAccessService } from '../access/node-access.service.js';
import { AppError } from '../errors/app-error.js';
import { type FileContentService } from '../files/file-content.service.js';
import { type NodeView } from '../nodes/nodes.dto.js';
import { type NodesService } from '../nodes/nodes.service.js';
import { type RateLimitService } from '../rate-limit/rate-limit.service.js';
import { type LinkGrantsRepository } from './link-grants.repository.js';
import { type LinksRepository } from './links.repository.js';
import { PublicLinksService } from './public-links.service.js';

const config = { links: { grantTtlSeconds: 3600, openRateLimit: { perLink: 10, perIp: 30, windowSeconds: 600 } } } as ApiConfig;
const IP = '192.0.2.7';
const GRANT = 'g'.repeat(43);
const grantHash = (grant: string) => createHash('sha256').update(grant).digest('base64url');

describe(PublicLinksService.name, () => {
  let sut: PublicLinksService;
  let links: Mocked<LinksRepository>;
  let grants: Mocked<LinkGrantsRepository>;
  let rateLimits: Mocked<RateLimitService>;
  let access: Mocked<NodeAccessService>;
  let nodes: Mocked<NodesService>;
  let content: Mocked<FileContentService>;

  beforeEach(() => {
    links = strictMock<LinksRepository>('LinksRepository');
    grants = strictMock<LinkGrantsRepository>('LinkGrantsRepository');
    rateLimits = strictMock<RateLimitService>('RateLimitService');
    access = strictMock<NodeAccessService>('NodeAccessService');
    nodes = strictMock<NodesService>('NodesService');
    content = strictMock<FileContentService>('FileContentService');
    sut = new PublicLinksService(links, grants, rateLimits, access, nodes, content, config);
  });

  /** A link whose node its creator can read, as found by id. */
  function found(link = linkRow()) {
    links.find.mockResolvedValue(link);
    access.requireRead.mockResolvedValue(nodeAccess());
    return link;
  }

  describe('describe', () => {
    it('gives the kind, the password parameters and the downloads left', async () => {
      const params = new Uint8Array(30).fill(7);
      const link = found(linkRow({ passwordParams: params, maxDownloads: 5, downloads: 2, expiresAt: new Date(NOW.getTime() + 1) }));

      await expect(sut.describe(link.id, NOW)).resolves.toEqual({
        id: link.id,
        kind: 'folder',
        passwordParams: b64(params),
        expiresAt: new Date(NOW.getTime() + 1).toISOString(),
        downloadsLeft: 3,
      });
      expect(access.requireRead).toHaveBeenCalledWith(ACCOUNT_ID, NODE_ID);
    });

    it('answers NOT_FOUND for an unknown link', async () => {
      links.find.mockResolvedValue(null);
      await expect(sut.describe('x', NOW)).rejects.toEqual(appError('NOT_FOUND'));
    });

    it.each([
      ['revoked', { revokedAt: NOW, expiresAt: NOW }, 'LINK_REVOKED'],
      ['expired at this very instant', { expiresAt: NOW }, 'LINK_EXPIRED'],
      ['spent', { maxDownloads: 2, downloads: 2 }, 'LINK_EXHAUSTED'],
    ])('answers 410 for a link %s', async (_name, overrides, code) => {
      found(linkRow(overrides));
      await expect(sut.describe('x', NOW)).rejects.toEqual(appError(code));
    });

    it('answers NOT_FOUND when the node is in the trash or its creator lost access', async () => {
      links.find.mockResolvedValue(linkRow());
      access.requireRead.mockRejectedValue(new AppError('NOT_FOUND', 'in the trash'));
      await expect(sut.describe('x', NOW)).rejects.toEqual(appError('NOT_FOUND'));
    });
  });

  describe('open', () => {
    const view = { id: NODE_ID } as NodeView;

    function openable(overrides = {}) {
      const material = linkMaterial();
      const link = found(linkRow({ id: material.linkId, accessHash: new Uint8Array(material.accessHash), ...overrides }));
      rateLimits.checkLinkOpen.mockResolvedValue({ allowed: true });
      return { link, token: b64(material.accessToken) };
    }

    it('spends one download and hands out a grant stored under its hash for the configured time', async () => {
      const { link, token } = openable({ maxDownloads: 3 });
      grants.save.mockResolvedValue();
      links.spendDownload.mockResolvedValue(1);
      nodes.toView.mockResolvedValue(view);

      const opened = await sut.open(link.id, { accessToken: token }, IP, NOW);

      expect(opened).toEqual({ grant: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), grantExpiresAt: new Date(NOW.getTime() + 3_600_000).toISOString(), keyWrap: b64(link.keyWrap), node: view });
      expect(grants.save).toHaveBeenCalledWith(grantHash(opened.grant), link.id, 3_600_000);
      expect(links.spendDownload).toHaveBeenCalledWith(link.id, NOW);
      expect(rateLimits.checkLinkOpen).toHaveBeenCalledWith({ ip: IP, linkId: link.id });
    });

    it('spends nothing when the grant cannot be stored (Redis down)', async () => {
      const { link, token } = openable({ maxDownloads: 3 });
      grants.save.mockRejectedValue(new Error('Connection is closed.'));

      await expect(sut.open(link.id, { accessToken: token }, IP, NOW)).rejects.toThrow('Connection is closed.');
      expect(links.spendDownload).not.toHaveBeenCalled();
    });

    it('answers a wrong token with UNAUTHENTICATED, counts it, and spends nothing', async () => {
      const { link } = openable();
      rateLimits.countWrongLinkToken.mockResolvedValue({ allowed: true });

      await expect(sut.open(link.id, { accessToken: b64(new Uint8Array(32)) }, IP, NOW)).rejects.toEqual(appError('UNAUTHENTICATED'));
      expect(rateLimits.countWrongLinkToken).toHaveBeenCalledWith({ ip: IP, linkId: link.id });
      expect(links.spendDownload).not.toHaveBeenCalled();
      expect(grants.save).not.toHaveBeenCalled();
    });

    it('answers the wrong token that goes over the limit with RATE_LIMITED, not 401', async () => {
      const { link } = openable();
      rateLimits.countWrongLinkToken.mockResolvedValue({ allowed: false, retryAfterSeconds: 42 });

      const error = await sut.open(link.id, { accessToken: b64(new Uint8Array(32)) }, IP, NOW).catch((thrown: unknown) => thrown);
      expect(error).toMatchObject({ code: 'RATE_LIMITED', headers: { 'retry-after': '42' } });
    });

    it('refuses even the right token once the budget is spent, without telling it was right', async () => {
      const { link, token } = openable();
      rateLimits.checkLinkOpen.mockResolvedValue({ allowed: false, retryAfterSeconds: 7 });

      const error = await sut.open(link.id, { accessToken: token }, IP, NOW).catch((thrown: unknown) => thrown);
      expect(error).toMatchObject({ code: 'RATE_LIMITED', headers: { 'retry-after': '7' } });
      expect(links.spendDownload).not.toHaveBeenCalled();
    });

    it('refuses a malformed token without counting it as a guess', async () => {
      const { link } = openable();
      await expect(sut.open(link.id, { accessToken: b64(new Uint8Array(31)) }, IP, NOW)).rejects.toEqual(appError('VALIDATION_FAILED'));
      expect(links.find).not.toHaveBeenCalled();
    });

    it.each([
      ['another request took the last download', { maxDownloads: 1, downloads: 1 }, 'LINK_EXHAUSTED'],
      ['the owner revoked it meanwhile', { revokedAt: NOW }, 'LINK_REVOKED'],
    ])('answers 410 when the download cannot be spent because %s', async (_name, after, code) => {
      const { link, token } = openable({ maxDownloads: 1 });
      grants.save.mockResolvedValue();
      links.spendDownload.mockResolvedValue(null);
      links.find.mockResolvedValueOnce(link).mockResolvedValueOnce({ ...link, ...after });

      await expect(sut.open(link.id, { accessToken: token }, IP, NOW)).rejects.toEqual(appError(code));
    });
  });

  describe('with a grant', () => {
    function granted(link = linkRow()) {
      grants.findLinkId.mockResolvedValue(link.id);
      links.find.mockResolvedValue(link);
      return link;
    }

    it('lists a folder below the linked folder', async () => {
      const link = granted();
      access.requireRead.mockResolvedValueOnce(nodeAccess()).mockResolvedValueOnce(nodeAccess(nodeRow({ id: CHILD_ID, parentId: NODE_ID })));
      access.isWithin.mockResolvedValue(true);
      nodes.listChildren.mockResolvedValue({ items: [], nextCursor: null });

      await expect(sut.listChildren(link.id, GRANT, CHILD_ID, { limit: 5 }, NOW)).resolves.toEqual({ items: [], nextCursor: null });
      expect(grants.findLinkId).toHaveBeenCalledWith(grantHash(GRANT));
      expect(access.requireRead.mock.calls).toEqual([
        [ACCOUNT_ID, NODE_ID],
        [ACCOUNT_ID, CHILD_ID],
      ]);
      expect(access.isWithin).toHaveBeenCalledWith(CHILD_ID, NODE_ID);
      expect(nodes.listChildren).toHaveBeenCalledWith(CHILD_ID, { limit: 5 });
    });

    it('serves a spent link to the grant its last download paid for', async () => {
      const link = granted(linkRow({ maxDownloads: 1, downloads: 1 }, 'file'));
      const file = nodeRow({ kind: 'file' });
      access.requireRead.mockResolvedValue(nodeAccess(file));
      const answer = { status: 206 as const, headers: {}, body: Readable.from([]) };
      content.open.mockResolvedValue(answer);

      await expect(sut.fileContent(link.id, GRANT, NODE_ID, 'bytes=0-9', NOW)).resolves.toBe(answer);
      expect(content.open).toHaveBeenCalledWith(NODE_ID, 'current', 'bytes=0-9');
      expect(access.isWithin).not.toHaveBeenCalled();
    });

    it.each([
      ['no grant', undefined, null],
      ['a malformed grant', 'short', null],
      ['an unknown or expired grant', GRANT, null],
      ["another link's grant", GRANT, 'BBBBBBBBBBBBBBBBBBBBBA'],
    ])('answers UNAUTHENTICATED with %s', async (_name, grant, grantedLink) => {
      grants.findLinkId.mockResolvedValue(grantedLink);
      await expect(sut.listChildren('AAAAAAAAAAAAAAAAAAAAAA', grant, NODE_ID, {}, NOW)).rejects.toEqual(appError('UNAUTHENTICATED'));
      expect(links.find).not.toHaveBeenCalled();
    });

    it.each([
      ['revoked', { revokedAt: NOW }, 'LINK_REVOKED'],
      ['expired', { expiresAt: NOW }, 'LINK_EXPIRED'],
    ])('ends the grants of a link %s', async (_name, overrides, code) => {
      const link = granted(linkRow(overrides));
      await expect(sut.listChildren(link.id, GRANT, NODE_ID, {}, NOW)).rejects.toEqual(appError(code));
    });

    it('answers NOT_FOUND for a node outside the linked folder', async () => {
      const link = granted();
      access.requireRead.mockResolvedValue(nodeAccess(nodeRow({ id: CHILD_ID })));
      access.isWithin.mockResolvedValue(false);
      await expect(sut.listChildren(link.id, GRANT, CHILD_ID, {}, NOW)).rejects.toEqual(appError('NOT_FOUND', /is outside/));
      expect(nodes.listChildren).not.toHaveBeenCalled();
    });

    it('answers NOT_FOUND for a node in the trash', async () => {
      const link = granted();
      access.requireRead.mockResolvedValueOnce(nodeAccess()).mockRejectedValueOnce(new AppError('NOT_FOUND', 'in the trash'));
      await expect(sut.listChildren(link.id, GRANT, CHILD_ID, {}, NOW)).rejects.toEqual(appError('NOT_FOUND', 'in the trash'));
    });

    it('answers NOT_FOUND for a listing of a file and content of a folder', async () => {
      const link = granted();
      access.requireRead.mockResolvedValue(nodeAccess(nodeRow({ kind: 'file' })));
      await expect(sut.listChildren(link.id, GRANT, NODE_ID, {}, NOW)).rejects.toEqual(appError('NOT_FOUND', /not a folder/));
      access.requireRead.mockResolvedValue(nodeAccess(nodeRow({ kind: 'folder' })));
      await expect(sut.fileContent(link.id, GRANT, NODE_ID, undefined, NOW)).rejects.toEqual(appError('NOT_FOUND', /not a file/));
    });
  });
});

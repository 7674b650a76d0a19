import { encodePasswordParams } from '@coffre/crypto/password';
import { beforeEach, describe, expect, it, type Mocked } from 'vitest';
import { ACCOUNT_ID, appError, NOW } from '../../test/fixtures.js';
import { b64, linkMaterial, linkRow, NODE_ID, nodeAccess, nodeNameEnvelope, nodeRow } from '../../test/link-fixtures.js';
import { strictMock } from '../../test/strict-mock.js';
import { type NodeAccessService } from '../access/node-access.service.js';
import { AppError } from '../errors/app-error.js';
import { encodeCursor } from '../nodes/page-cursor.js';
import { type CreateLinkRequest } from './links.dto.js';
import { type LinksRepository } from './links.repository.js';
import { LinksService } from './links.service.js';

/** What a client sends to create a link, from genuine material. */
function createRequest(options: { password?: boolean } = {}, overrides: Partial<CreateLinkRequest> = {}): CreateLinkRequest {
  const material = linkMaterial(options);
  return {
    id: material.linkId,
    nodeId: NODE_ID,
    keyWrap: b64(material.keyWrap),
    passwordParams: material.passwordParams === null ? null : b64(material.passwordParams),
    accessHash: b64(material.accessHash),
    expiresAt: new Date(NOW.getTime() + 86_400_000).toISOString(),
    maxDownloads: 3,
    ...overrides,
  };
}

/** The VALIDATION_FAILED thrown by `attempt`, for its issues. */
async function validationIssues(attempt: Promise<unknown>) {
  const error = await attempt.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe('VALIDATION_FAILED');
  return (error as AppError).issues;
}

describe(LinksService.name, () => {
  let sut: LinksService;
  let links: Mocked<LinksRepository>;
  let access: Mocked<NodeAccessService>;

  beforeEach(() => {
    links = strictMock<LinksRepository>('LinksRepository');
    access = strictMock<NodeAccessService>('NodeAccessService');
    sut = new LinksService(links, access);
  });

  describe('create', () => {
    function writable() {
      access.requireWrite.mockResolvedValue(nodeAccess(nodeRow(), 'owner'));
      links.create.mockImplementation(async (link) => ({ ...linkRow(link), node: { kind: 'folder' as const } }));
    }

    it('stores the link with the bytes the client sent, for a node the account may write', async () => {
      writable();
      const request = createRequest({ password: true });

      const view = await sut.create(ACCOUNT_ID, request, NOW);

      expect(access.requireWrite).toHaveBeenCalledWith(ACCOUNT_ID, NODE_ID);
      const stored = links.create.mock.calls[0]![0];
      expect(stored).toEqual({
        id: request.id,
        ownerId: ACCOUNT_ID,
        nodeId: NODE_ID,
        keyWrap: new Uint8Array(Buffer.from(request.keyWrap, 'base64url')),
        passwordParams: new Uint8Array(Buffer.from(request.passwordParams!, 'base64url')),
        accessHash: new Uint8Array(Buffer.from(request.accessHash, 'base64url')),
        expiresAt: new Date(request.expiresAt!),
        maxDownloads: 3,
        createdAt: NOW,
      });
      expect(view).toEqual({
        id: request.id,
        nodeId: NODE_ID,
        createdBy: ACCOUNT_ID,
        kind: 'folder',
        hasPassword: true,
        expiresAt: request.expiresAt,
        maxDownloads: 3,
        downloads: 0,
        revokedAt: null,
        createdAt: NOW.toISOString(),
      });
    });

    it('takes a link without password, expiry or limit', async () => {
      writable();
      const view = await sut.create(ACCOUNT_ID, createRequest({}, { expiresAt: null, maxDownloads: null }), NOW);
      expect(view).toMatchObject({ hasPassword: false, expiresAt: null, maxDownloads: null });
    });

    it('refuses a node the account cannot write, and stores nothing', async () => {
      access.requireWrite.mockRejectedValue(new AppError('NOT_FOUND', 'not writable'));
      await expect(sut.create(ACCOUNT_ID, createRequest(), NOW)).rejects.toEqual(appError('NOT_FOUND'));
      expect(links.create).not.toHaveBeenCalled();
    });

    it('answers CONFLICT when the id is taken', async () => {
      access.requireWrite.mockResolvedValue(nodeAccess(nodeRow(), 'owner'));
      links.create.mockResolvedValue('id-taken');
      await expect(sut.create(ACCOUNT_ID, createRequest(), NOW)).rejects.toEqual(appError('CONFLICT'));
    });

    it('refuses a password wrap without password parameters, and a plain wrap with them', async () => {
      const withPassword = createRequest({ password: true });
      const withoutPassword = createRequest();
      expect(await validationIssues(sut.create(ACCOUNT_ID, { ...withPassword, passwordParams: null }, NOW))).toEqual([
        { path: 'body.keyWrap', message: 'must be a link-key-wrap envelope of 107 bytes' },
      ]);
      expect(await validationIssues(sut.create(ACCOUNT_ID, { ...withoutPassword, passwordParams: withPassword.passwordParams }, NOW))).toEqual([
        { path: 'body.keyWrap', message: 'must be a link-password-wrap envelope of 182 bytes' },
      ]);
      expect(access.requireWrite).not.toHaveBeenCalled();
    });

    it('refuses an envelope of another purpose, of the right size', async () => {
      expect(await validationIssues(sut.create(ACCOUNT_ID, createRequest({}, { keyWrap: b64(nodeNameEnvelope()) }), NOW))).toEqual([
        { path: 'body.keyWrap', message: 'must be a link-key-wrap envelope' },
      ]);
    });

    it('refuses password parameters outside the costs clients accept', async () => {
      const weak = encodePasswordParams({ version: 1, memoryKiB: 19 * 1024, iterations: 2, parallelism: 1, salt: new Uint8Array(16) });
      weak[9] = 1; // iterations 1, below the floor of 2
      expect(await validationIssues(sut.create(ACCOUNT_ID, createRequest({ password: true }, { passwordParams: b64(weak) }), NOW))).toEqual([
        { path: 'body.passwordParams', message: 'must be an Argon2id parameter record within the accepted costs' },
      ]);
    });

    it('reports every problem at once: access hash length, non-canonical text, expiry in the past', async () => {
      const request = createRequest({}, { accessHash: b64(new Uint8Array(31)), expiresAt: NOW.toISOString() });
      // 107 bytes leave 2 unused bits in the last character; 'B' (value 1) sets one of them.
      const nonCanonical = `${request.keyWrap.slice(0, -1)}B`;
      const issues = await validationIssues(sut.create(ACCOUNT_ID, { ...request, keyWrap: nonCanonical }, NOW));
      expect(issues).toEqual(
        expect.arrayContaining([
          { path: 'body.keyWrap', message: 'is not canonical base64url' },
          { path: 'body.accessHash', message: 'must be 32 bytes' },
          { path: 'body.expiresAt', message: 'must be in the future' },
        ]),
      );
    });
  });

  describe('list', () => {
    it('gives a page and the cursor of its last link when there are more', async () => {
      const rows = [linkRow({ createdAt: new Date(NOW.getTime() - 1) }), linkRow({ createdAt: new Date(NOW.getTime() - 2) }), linkRow()];
      links.listManagedBy.mockResolvedValue(rows);

      const page = await sut.list(ACCOUNT_ID, { limit: 2 });

      expect(links.listManagedBy).toHaveBeenCalledWith(ACCOUNT_ID, undefined, 3);
      expect(page.items.map((item) => item.id)).toEqual([rows[0]!.id, rows[1]!.id]);
      expect(page.nextCursor).toBe(encodeCursor(rows[1]!.createdAt, rows[1]!.id));
    });

    it('continues after the cursor and ends with a null cursor', async () => {
      const after = linkRow();
      links.listManagedBy.mockResolvedValue([linkRow()]);

      const page = await sut.list(ACCOUNT_ID, { cursor: encodeCursor(after.createdAt, after.id) });

      expect(links.listManagedBy).toHaveBeenCalledWith(ACCOUNT_ID, { at: after.createdAt, id: after.id }, 101);
      expect(page.nextCursor).toBeNull();
    });

    it.each(['not-a-cursor', Buffer.from('["yesterday","x"]').toString('base64url'), Buffer.from('{"a":1}').toString('base64url')])(
      'refuses the cursor %j',
      async (cursor) => {
        await expect(sut.list(ACCOUNT_ID, { cursor })).rejects.toEqual(appError('VALIDATION_FAILED'));
        expect(links.listManagedBy).not.toHaveBeenCalled();
      },
    );
  });

  describe('revoke', () => {
    it("revokes the account's link", async () => {
      links.revoke.mockResolvedValue(true);
      await sut.revoke(ACCOUNT_ID, 'link-id', NOW);
      expect(links.revoke).toHaveBeenCalledWith(ACCOUNT_ID, 'link-id', NOW);
    });

    it("answers NOT_FOUND for a link the account did not create", async () => {
      links.revoke.mockResolvedValue(false);
      await expect(sut.revoke(ACCOUNT_ID, 'link-id', NOW)).rejects.toEqual(appError('NOT_FOUND'));
    });
  });
});

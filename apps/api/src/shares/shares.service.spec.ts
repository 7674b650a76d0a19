import { beforeEach, describe, expect, it, type Mocked } from 'vitest';
import { ACCOUNT_ID, accountRow, appError, NOW } from '../../test/fixtures.js';
import { b64, NODE_ID, nodeAccess, nodeRow, RECIPIENT_ID, sealedNodeKey, shareRow } from '../../test/link-fixtures.js';
import { strictMock } from '../../test/strict-mock.js';
import { type NodeAccessService } from '../access/node-access.service.js';
import { type AccountsRepository } from '../accounts/accounts.repository.js';
import { AppError } from '../errors/app-error.js';
import { type CreateShareRequest } from './shares.dto.js';
import { type SharesRepository } from './shares.repository.js';
import { SharesService } from './shares.service.js';

const SHARE_ID = '5c2e8a47-1f9b-4d3c-b6a0-9e4f7d2c1b85';

describe(SharesService.name, () => {
  let sut: SharesService;
  let shares: Mocked<SharesRepository>;
  let accounts: Mocked<AccountsRepository>;
  let access: Mocked<NodeAccessService>;
  let request: CreateShareRequest;

  beforeEach(async () => {
    shares = strictMock<SharesRepository>('SharesRepository');
    accounts = strictMock<AccountsRepository>('AccountsRepository');
    access = strictMock<NodeAccessService>('NodeAccessService');
    sut = new SharesService(shares, accounts, access);
    request = { nodeId: NODE_ID, recipientId: RECIPIENT_ID, role: 'write', sealedKey: b64(await sealedNodeKey()) };
  });

  describe('create', () => {
    function ownedFolder() {
      access.requireRead.mockResolvedValue(nodeAccess(nodeRow(), 'owner'));
      accounts.findLiveById.mockResolvedValue(accountRow(undefined, { id: RECIPIENT_ID }));
    }

    it('shares a folder the account owns with another live account', async () => {
      ownedFolder();
      shares.create.mockImplementation(async (share) => shareRow({ ...share, id: SHARE_ID }));

      const view = await sut.create(ACCOUNT_ID, request, NOW);

      expect(shares.create).toHaveBeenCalledWith({
        nodeId: NODE_ID,
        ownerId: ACCOUNT_ID,
        recipientId: RECIPIENT_ID,
        role: 'write',
        sealedKey: new Uint8Array(Buffer.from(request.sealedKey, 'base64url')),
        createdAt: NOW,
      });
      expect(view).toEqual({
        id: SHARE_ID,
        nodeId: NODE_ID,
        ownerId: ACCOUNT_ID,
        ownerEmail: 'ada@example.org',
        recipientId: RECIPIENT_ID,
        recipientEmail: 'grace@example.org',
        role: 'write',
        sealedKey: request.sealedKey,
        createdAt: NOW.toISOString(),
        acceptedAt: null,
      });
    });

    it('answers FORBIDDEN to an account that sees the folder through a share', async () => {
      access.requireRead.mockResolvedValue(nodeAccess(nodeRow({ ownerId: RECIPIENT_ID }), 'write'));
      await expect(sut.create(ACCOUNT_ID, request, NOW)).rejects.toEqual(appError('FORBIDDEN'));
      expect(shares.create).not.toHaveBeenCalled();
    });

    it('answers NOT_FOUND for a node the account cannot see', async () => {
      access.requireRead.mockRejectedValue(new AppError('NOT_FOUND', 'not readable'));
      await expect(sut.create(ACCOUNT_ID, request, NOW)).rejects.toEqual(appError('NOT_FOUND'));
    });

    it('refuses to share a file', async () => {
      access.requireRead.mockResolvedValue(nodeAccess(nodeRow({ kind: 'file' }), 'owner'));
      await expect(sut.create(ACCOUNT_ID, request, NOW)).rejects.toEqual(appError('VALIDATION_FAILED', /share of file/));
    });

    it('answers NOT_FOUND for a recipient without a live account', async () => {
      access.requireRead.mockResolvedValue(nodeAccess(nodeRow(), 'owner'));
      accounts.findLiveById.mockResolvedValue(null);
      await expect(sut.create(ACCOUNT_ID, request, NOW)).rejects.toEqual(appError('NOT_FOUND', /unknown account/));
      expect(accounts.findLiveById).toHaveBeenCalledWith(RECIPIENT_ID);
    });

    it('answers CONFLICT when the folder is already shared with the recipient', async () => {
      ownedFolder();
      shares.create.mockResolvedValue('exists');
      await expect(sut.create(ACCOUNT_ID, request, NOW)).rejects.toEqual(appError('CONFLICT'));
    });

    it('refuses a share with oneself and a track-key share, before looking anything up', async () => {
      const trackKey = b64(await sealedNodeKey('track-key'));
      const error = await sut.create(ACCOUNT_ID, { ...request, recipientId: ACCOUNT_ID, sealedKey: trackKey }, NOW).catch((thrown: unknown) => thrown);
      expect(error).toMatchObject({
        code: 'VALIDATION_FAILED',
        issues: [
          { path: 'body.sealedKey', message: 'must be a 147-byte key share (version 1) of a node key' },
          { path: 'body.recipientId', message: 'must be another account' },
        ],
      });
      expect(access.requireRead).not.toHaveBeenCalled();
    });

    it.each([
      ['one byte short', (key: Uint8Array) => key.subarray(0, 146)],
      ['of an unknown version', (key: Uint8Array) => Uint8Array.of(2, ...key.subarray(1))],
      ['of the reserved post-quantum suite', (key: Uint8Array) => Uint8Array.of(1, 2, ...key.subarray(2))],
    ])('refuses a sealed key %s', async (_name, alter) => {
      const sealedKey = b64(alter(Buffer.from(request.sealedKey, 'base64url')));
      await expect(sut.create(ACCOUNT_ID, { ...request, sealedKey }, NOW)).rejects.toEqual(appError('VALIDATION_FAILED'));
    });
  });

  describe('lists', () => {
    it('gives outgoing and incoming shares with both emails', async () => {
      shares.listByOwner.mockResolvedValue([shareRow()]);
      shares.listByRecipient.mockResolvedValue([shareRow({ acceptedAt: NOW })]);

      expect(await sut.listOutgoing(ACCOUNT_ID)).toEqual([expect.objectContaining({ ownerEmail: 'ada@example.org', recipientEmail: 'grace@example.org' })]);
      expect(await sut.listIncoming(RECIPIENT_ID)).toEqual([expect.objectContaining({ acceptedAt: NOW.toISOString() })]);
      expect(shares.listByOwner).toHaveBeenCalledWith(ACCOUNT_ID);
      expect(shares.listByRecipient).toHaveBeenCalledWith(RECIPIENT_ID);
    });
  });

  describe('accept and delete', () => {
    it('accepts a share the account received', async () => {
      shares.accept.mockResolvedValue(shareRow({ acceptedAt: NOW }));
      expect(await sut.accept(RECIPIENT_ID, SHARE_ID, NOW)).toMatchObject({ acceptedAt: NOW.toISOString() });
      expect(shares.accept).toHaveBeenCalledWith(RECIPIENT_ID, SHARE_ID, NOW);
    });

    it('answers NOT_FOUND when the account is not the recipient', async () => {
      shares.accept.mockResolvedValue(null);
      await expect(sut.accept(ACCOUNT_ID, SHARE_ID, NOW)).rejects.toEqual(appError('NOT_FOUND'));
    });

    it('ends a share for its owner or recipient, and answers NOT_FOUND to anyone else', async () => {
      shares.deleteFor.mockResolvedValueOnce(true).mockResolvedValueOnce(false);
      await sut.delete(RECIPIENT_ID, SHARE_ID);
      await expect(sut.delete(ACCOUNT_ID, SHARE_ID)).rejects.toEqual(appError('NOT_FOUND'));
      expect(shares.deleteFor.mock.calls).toEqual([
        [RECIPIENT_ID, SHARE_ID],
        [ACCOUNT_ID, SHARE_ID],
      ]);
    });
  });
});

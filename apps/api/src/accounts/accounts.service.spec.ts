import { Logger } from '@nestjs/common';
import { afterEach, beforeEach, describe, expect, it, type Mocked, vi } from 'vitest';
import { ACCOUNT_ID, accountMaterial, accountRow, appError, NOW, SESSION_ID } from '../../test/fixtures.js';
import { strictMock } from '../../test/strict-mock.js';
import { type LoginService } from '../auth/login.service.js';
import { type AccountDriveCleanup } from '../drive-jobs/account-drive-cleanup.js';
import { AppError } from '../errors/app-error.js';
import { type AccountsRepository } from './accounts.repository.js';
import { AccountsService } from './accounts.service.js';

const CURRENT = { accountId: ACCOUNT_ID, sessionId: SESSION_ID };
const PROOF = { loginId: '0d6f2b1e-9a4c-4c3b-8e7d-1f2a3b4c5d6e', finishLoginRequest: 'ke3' };

describe(AccountsService.name, () => {
  let sut: AccountsService;
  let accounts: Mocked<AccountsRepository>;
  let login: Mocked<LoginService>;
  let drive: Mocked<AccountDriveCleanup>;

  beforeEach(() => {
    accounts = strictMock<AccountsRepository>('AccountsRepository');
    login = strictMock<LoginService>('LoginService');
    drive = strictMock<AccountDriveCleanup>('AccountDriveCleanup');
    sut = new AccountsService(accounts, login, drive);
    vi.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  describe('get', () => {
    it('gives the email, the key bundle and the quota', async () => {
      const { bundle } = accountMaterial();
      accounts.findLiveById.mockResolvedValue(accountRow(bundle, { usedBytes: 1234n }));

      await expect(sut.get(ACCOUNT_ID)).resolves.toEqual({
        accountId: ACCOUNT_ID,
        email: 'ada@example.org',
        keyBundle: bundle,
        quotaBytes: 10 * 1024 ** 3,
        usedBytes: 1234,
        createdAt: NOW.toISOString(),
      });
    });

    it('answers UNAUTHENTICATED for an account deleted meanwhile', async () => {
      accounts.findLiveById.mockResolvedValue(null);
      await expect(sut.get(ACCOUNT_ID)).rejects.toEqual(appError('UNAUTHENTICATED'));
    });
  });

  describe('delete', () => {
    it('marks the account deleted, removes its drive, then purges it, once the password proof verifies', async () => {
      login.verify.mockResolvedValue(ACCOUNT_ID);
      accounts.markDeleted.mockResolvedValue();
      drive.removeDriveOf.mockResolvedValue();
      accounts.purge.mockResolvedValue();

      await sut.delete(CURRENT, PROOF, NOW);

      expect(login.verify).toHaveBeenCalledWith(PROOF);
      expect(accounts.markDeleted).toHaveBeenCalledWith(ACCOUNT_ID, NOW);
      expect(drive.removeDriveOf).toHaveBeenCalledWith(ACCOUNT_ID);
      expect(accounts.purge).toHaveBeenCalledWith(ACCOUNT_ID);
      expect(accounts.markDeleted.mock.invocationCallOrder[0]).toBeLessThan(drive.removeDriveOf.mock.invocationCallOrder[0]!);
      expect(drive.removeDriveOf.mock.invocationCallOrder[0]).toBeLessThan(accounts.purge.mock.invocationCallOrder[0]!);
    });

    it('deletes nothing without a valid proof, or with one for another account', async () => {
      login.verify.mockRejectedValueOnce(new AppError('UNAUTHENTICATED', 'OPAQUE login refused'));
      await expect(sut.delete(CURRENT, PROOF, NOW)).rejects.toEqual(appError('UNAUTHENTICATED'));
      login.verify.mockResolvedValueOnce('11111111-2222-4333-8444-555555555555');
      await expect(sut.delete(CURRENT, PROOF, NOW)).rejects.toEqual(appError('UNAUTHENTICATED'));
      expect(accounts.markDeleted).not.toHaveBeenCalled();
    });

    it('leaves the account marked deleted when the purge fails, for a later purge to finish', async () => {
      login.verify.mockResolvedValue(ACCOUNT_ID);
      accounts.markDeleted.mockResolvedValue();
      drive.removeDriveOf.mockResolvedValue();
      accounts.purge.mockRejectedValue(new Error('database gone'));
      await expect(sut.delete(CURRENT, PROOF, NOW)).rejects.toThrow('database gone');
      expect(accounts.markDeleted).toHaveBeenCalledOnce();
    });

    it('keeps the account row when its drive cannot be removed, so that a later purge retries', async () => {
      login.verify.mockResolvedValue(ACCOUNT_ID);
      accounts.markDeleted.mockResolvedValue();
      drive.removeDriveOf.mockRejectedValue(new Error('database gone'));
      await expect(sut.delete(CURRENT, PROOF, NOW)).rejects.toThrow('database gone');
      expect(accounts.purge).not.toHaveBeenCalled();
    });
  });
});

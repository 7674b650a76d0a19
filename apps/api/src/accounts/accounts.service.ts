import { Injectable, Logger } from '@nestjs/common';
import { type CurrentSessionInfo } from '../auth/current-session.js';
import { LoginService } from '../auth/login.service.js';
import { AccountDriveCleanup } from '../drive-jobs/account-drive-cleanup.js';
import { AppError } from '../errors/app-error.js';
import { type AccountView, type DeleteAccountRequest } from './accounts.dto.js';
import { AccountsRepository } from './accounts.repository.js';
import { keyBundleOf } from './key-bundle.js';

/** The signed-in account itself: reading it, deleting it. */
@Injectable()
export class AccountsService {
  private readonly logger = new Logger(AccountsService.name);

  constructor(
    private readonly accounts: AccountsRepository,
    private readonly login: LoginService,
    private readonly drive: AccountDriveCleanup,
  ) {}

  /** @throws AppError UNAUTHENTICATED if the account was deleted meanwhile. */
  async get(accountId: string): Promise<AccountView> {
    const account = await this.accounts.findLiveById(accountId);
    if (account === null || account.email === null) throw new AppError('UNAUTHENTICATED', `account ${accountId} is gone`);
    return {
      accountId: account.id,
      email: account.email,
      keyBundle: keyBundleOf(account),
      quotaBytes: Number(account.quotaBytes),
      usedBytes: Number(account.usedBytes),
      createdAt: account.createdAt.toISOString(),
    };
  }

  /**
   * Deletes the account once the request proves its password with a fresh OPAQUE login (a
   * session alone is not enough: a stolen token must not be able to destroy the account). Two
   * steps: the account is first marked deleted, its email erased and its sessions gone, at once;
   * then its data is purged. A purge that fails leaves a marked row for a later purge, never a
   * half-deleted live account.
   * @throws AppError UNAUTHENTICATED if the proof fails or is another account's.
   */
  async delete(current: CurrentSessionInfo, request: DeleteAccountRequest, now = new Date()): Promise<void> {
    const provenAccountId = await this.login.verify(request);
    if (provenAccountId !== current.accountId) {
      throw new AppError('UNAUTHENTICATED', `password proof of ${provenAccountId} for account ${current.accountId}`);
    }
    await this.accounts.markDeleted(current.accountId, now);
    await this.purge(current.accountId);
  }

  /**
   * Removes what a deleted account owned, the row last: the drive's nodes go here, before the row
   * (the row is what makes a retry possible), and their stored objects are queued for the purge
   * job, which removes them from every backend.
   */
  private async purge(accountId: string): Promise<void> {
    await this.drive.removeDriveOf(accountId);
    await this.accounts.purge(accountId);
    this.logger.log(`account ${accountId} deleted`);
  }
}

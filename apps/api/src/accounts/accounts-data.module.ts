import { Module } from '@nestjs/common';
import { AccountsRepository } from './accounts.repository.js';

/**
 * The accounts table, for every feature that reads or writes accounts (auth, the key directory,
 * the account routes). Kept apart from AccountsModule so that auth can use it while the account
 * routes use auth.
 */
@Module({
  providers: [AccountsRepository],
  exports: [AccountsRepository],
})
export class AccountsDataModule {}

import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { DriveJobsModule } from '../drive-jobs/drive-jobs.module.js';
import { AccountsDataModule } from './accounts-data.module.js';
import { AccountsController } from './accounts.controller.js';
import { AccountsService } from './accounts.service.js';
import { RecoveryKeyController } from './recovery-key.controller.js';
import { RecoveryKeyService } from './recovery-key.service.js';

/** `/api/account`: the signed-in account itself, and its recovery key. */
@Module({
  imports: [AccountsDataModule, AuthModule, DriveJobsModule],
  controllers: [AccountsController, RecoveryKeyController],
  providers: [AccountsService, RecoveryKeyService],
})
export class AccountsModule {}

import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { DriveJobsModule } from '../drive-jobs/drive-jobs.module.js';
import { AccountsDataModule } from './accounts-data.module.js';
import { AccountsController } from './accounts.controller.js';
import { AccountsService } from './accounts.service.js';

/** `/api/account`: the signed-in account itself. */
@Module({
  imports: [AccountsDataModule, AuthModule, DriveJobsModule],
  controllers: [AccountsController],
  providers: [AccountsService],
})
export class AccountsModule {}

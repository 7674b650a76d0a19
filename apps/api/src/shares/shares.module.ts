import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { AccountsDataModule } from '../accounts/accounts-data.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { SharesController } from './shares.controller.js';
import { SharesRepository } from './shares.repository.js';
import { SharesService } from './shares.service.js';

/** `/api/shares`: folders shared between accounts. */
@Module({
  imports: [AccountsDataModule, AuthModule, AccessModule],
  controllers: [SharesController],
  providers: [SharesRepository, SharesService],
})
export class SharesModule {}

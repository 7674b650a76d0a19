import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { AccountsDataModule } from '../accounts/accounts-data.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { DriveQueuesModule } from '../drive-jobs/drive-queues.module.js';
import { NodesController } from './nodes.controller.js';
import { NodesRepository } from './nodes.repository.js';
import { NodesService } from './nodes.service.js';

/** `/api/nodes` and `/api/trash`: the drive's tree. Exports NodesService for the links' folder listings. */
@Module({
  imports: [AuthModule, AccessModule, AccountsDataModule, DriveQueuesModule],
  controllers: [NodesController],
  providers: [NodesRepository, NodesService],
  exports: [NodesService],
})
export class NodesModule {}

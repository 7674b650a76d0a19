import { Module } from '@nestjs/common';
import { NodeAccessRepository } from './node-access.repository.js';
import { NodeAccessService } from './node-access.service.js';

/** Who may read or change which node: for the drive, links and shares. */
@Module({
  providers: [NodeAccessRepository, NodeAccessService],
  exports: [NodeAccessService],
})
export class AccessModule {}

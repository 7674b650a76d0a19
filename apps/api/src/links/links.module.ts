import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { FilesModule } from '../files/files.module.js';
import { NodesModule } from '../nodes/nodes.module.js';
import { RateLimitModule } from '../rate-limit/rate-limit.module.js';
import { LinkGrantsRepository } from './link-grants.repository.js';
import { LinksController } from './links.controller.js';
import { LinksRepository } from './links.repository.js';
import { LinksService } from './links.service.js';
import { PublicLinksController } from './public-links.controller.js';
import { PublicLinksService } from './public-links.service.js';

/** `/api/links` (an account's share links) and `/api/public/links` (opening them, no account). */
@Module({
  imports: [AuthModule, AccessModule, RateLimitModule, NodesModule, FilesModule],
  controllers: [LinksController, PublicLinksController],
  providers: [LinksRepository, LinkGrantsRepository, LinksService, PublicLinksService],
})
export class LinksModule {}

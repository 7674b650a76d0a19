import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { DriveQueuesModule } from '../drive-jobs/drive-queues.module.js';
import { StorageModule } from '../storage/storage.module.js';
import { FileContentService } from './file-content.service.js';
import { FilesDataModule } from './files-data.module.js';
import { PartsService } from './parts.service.js';
import { UploadsController } from './uploads.controller.js';
import { UploadsService } from './uploads.service.js';
import { VersionsController } from './versions.controller.js';
import { VersionsService } from './versions.service.js';

/**
 * `/api/files/...` and `/api/uploads/...`: uploads of file versions part by part, version history,
 * content downloads. Exports FileContentService for the links' public content route.
 */
@Module({
  imports: [AuthModule, AccessModule, StorageModule, DriveQueuesModule, FilesDataModule],
  controllers: [UploadsController, VersionsController],
  providers: [UploadsService, PartsService, VersionsService, FileContentService],
  exports: [FileContentService],
})
export class FilesModule {}

import { Module } from '@nestjs/common';
import { FileVersionsRepository } from './file-versions.repository.js';

/**
 * The file versions tables, for the file routes and the drive's jobs. Kept apart from FilesModule
 * so that the jobs can use it without the routes.
 */
@Module({
  providers: [FileVersionsRepository],
  exports: [FileVersionsRepository],
})
export class FilesDataModule {}

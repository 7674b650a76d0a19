import { Module } from '@nestjs/common';
import { FilesDataModule } from '../files/files-data.module.js';
import { StorageModule } from '../storage/storage.module.js';
import { AccountDriveCleanup } from './account-drive-cleanup.js';
import { DriveQueuesModule } from './drive-queues.module.js';
import { DriveSweepService } from './drive-sweep.service.js';
import { DriveWorkers } from './drive-workers.js';
import { ObjectPurgeService } from './object-purge.service.js';
import { ObjectPurgesRepository } from './object-purges.repository.js';
import { OrphanScanCursorRepository } from './orphan-scan-cursor.repository.js';

/**
 * The drive's background work on BullMQ: purges of stored objects nothing refers to any more,
 * and the periodic sweep (expired uploads, lost purges, orphaned objects). Exports AccountDriveCleanup for the
 * deletion of an account.
 */
@Module({
  imports: [StorageModule, DriveQueuesModule, FilesDataModule],
  providers: [ObjectPurgesRepository, OrphanScanCursorRepository, ObjectPurgeService, DriveSweepService, DriveWorkers, AccountDriveCleanup],
  exports: [AccountDriveCleanup],
})
export class DriveJobsModule {}

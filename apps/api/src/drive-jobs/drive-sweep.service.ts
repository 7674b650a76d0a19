import { Injectable, Logger } from '@nestjs/common';
import { FileVersionsRepository } from '../files/file-versions.repository.js';
import { DriveQueues } from './drive-queues.js';
import { ObjectPurgesRepository } from './object-purges.repository.js';

/** Uploads abandoned per transaction. */
const EXPIRED_BATCH = 100;
/** Most batches of expired uploads one sweep takes; the next sweep takes the rest. */
const MAX_EXPIRED_BATCHES = 100;
/** Most queued purges one sweep queues again. */
const MAX_REQUEUED = 10_000;
/** A purge queued this long ago without having run is taken for lost and queued again. */
const REQUEUE_AFTER_MS = 5 * 60 * 1000;

/** What a sweep did. */
export interface SweepReport {
  readonly expiredUploads: number;
  readonly purgesQueued: number;
}

/**
 * The drive's periodic sweep: abandons uploads past their expiry (their parts are queued for
 * removal, their quota released), and queues again the purges whose jobs never ran.
 */
@Injectable()
export class DriveSweepService {
  private readonly logger = new Logger('DriveSweep');

  constructor(
    private readonly versions: FileVersionsRepository,
    private readonly purges: ObjectPurgesRepository,
    private readonly queues: DriveQueues,
  ) {}

  /** Handles one sweep job. */
  async sweep(now = new Date()): Promise<SweepReport> {
    let expiredUploads = 0;
    for (let batch = 0; batch < MAX_EXPIRED_BATCHES; batch += 1) {
      const collected = await this.versions.collectExpiredUploads(now, EXPIRED_BATCH);
      expiredUploads += collected.uploads;
      await this.queues.enqueuePurges(collected.purged);
      if (collected.uploads < EXPIRED_BATCH) break;
    }
    const lost = await this.purges.queuedBefore(new Date(now.getTime() - REQUEUE_AFTER_MS), MAX_REQUEUED);
    await this.queues.enqueuePurges(lost);
    const report = { expiredUploads, purgesQueued: lost.length };
    if (expiredUploads + lost.length > 0) this.logger.log(`sweep: ${expiredUploads} expired upload(s) abandoned, ${lost.length} purge(s) queued again`);
    return report;
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { FileVersionsRepository } from '../files/file-versions.repository.js';
import { DriveQueues } from './drive-queues.js';
import { ObjectPurgesRepository } from './object-purges.repository.js';
import { OrphanScanCursorRepository } from './orphan-scan-cursor.repository.js';

/** Uploads abandoned per transaction. */
const EXPIRED_BATCH = 100;
/** Most batches of expired uploads one sweep takes; the next sweep takes the rest. */
const MAX_EXPIRED_BATCHES = 100;
/** Most queued purges one sweep queues again. */
const MAX_REQUEUED = 10_000;
/** A purge queued this long ago without having run is taken for lost and queued again. */
const REQUEUE_AFTER_MS = 5 * 60 * 1000;
/** Stored objects one sweep looks at for orphans; the next sweep goes on from there. */
const ORPHAN_SCAN_LIMIT = 10_000;
/**
 * An unreferenced object younger than this may be a part whose row is about to be recorded; the
 * purge would be safe even then (it checks under the object's lock, and the client sends a part
 * purged before its row again), but needless.
 */
const ORPHAN_GRACE_MS = 60 * 60 * 1000;

/** What a sweep did. */
export interface SweepReport {
  readonly expiredUploads: number;
  readonly purgesQueued: number;
  readonly orphansQueued: number;
}

/**
 * The drive's periodic sweep: abandons uploads past their expiry (their parts are queued for
 * removal, their quota released), queues again the purges whose jobs never ran, and queues stored
 * objects nothing refers to (left by a process that died between writing a part and recording it),
 * scanning a bounded slice of the objects each time.
 */
@Injectable()
export class DriveSweepService {
  private readonly logger = new Logger('DriveSweep');

  constructor(
    private readonly versions: FileVersionsRepository,
    private readonly purges: ObjectPurgesRepository,
    private readonly queues: DriveQueues,
    private readonly orphanCursor: OrphanScanCursorRepository,
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
    const orphans = await this.#queueOrphans(now);
    const report = { expiredUploads, purgesQueued: lost.length, orphansQueued: orphans };
    if (expiredUploads + lost.length + orphans > 0) {
      this.logger.log(`sweep: ${expiredUploads} expired upload(s) abandoned, ${lost.length} purge(s) queued again, ${orphans} orphaned object(s) queued`);
    }
    return report;
  }

  async #queueOrphans(now: Date): Promise<number> {
    const { queued, next } = await this.purges.queueOrphans(await this.orphanCursor.after(), new Date(now.getTime() - ORPHAN_GRACE_MS), ORPHAN_SCAN_LIMIT);
    await this.queues.enqueuePurges(queued);
    await this.orphanCursor.moveTo(next);
    return queued.length;
  }
}

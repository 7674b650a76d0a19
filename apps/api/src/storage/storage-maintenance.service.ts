import { Inject, Injectable, Logger } from '@nestjs/common';
import { type ApiConfig } from '@coffre/config/api';
import { type RepairOutcome, type ReplicaMaintenance, type ScrubReport } from '@coffre/storage/maintenance';
import { type RepairNeed } from '@coffre/storage/repair';
import { API_CONFIG } from '../config/api-config.module.js';
import { describeNeed } from './queued-repairs.js';
import { REPLICA_MAINTENANCE } from './storage.tokens.js';

/** Progress lines of a scrub run are logged at most this often (every report goes to the job). */
const PROGRESS_LOG_INTERVAL_MS = 10_000;

/**
 * The storage jobs: each method is one job's handler, called by the workers. The work itself is
 * `ReplicaMaintenance`'s; this decides what is worth saying about it, and how loudly.
 */
@Injectable()
export class StorageMaintenanceService {
  private readonly logger = new Logger('StorageMaintenance');

  constructor(
    @Inject(REPLICA_MAINTENANCE) private readonly maintenance: ReplicaMaintenance,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /**
   * Handles one repair job.
   *
   * @throws {StorageError} UNAVAILABLE when it cannot be done now: the job is retried later.
   */
  async repair(need: RepairNeed): Promise<RepairOutcome> {
    let outcome: RepairOutcome;
    try {
      outcome = await this.maintenance.repair(need);
    } catch (error) {
      this.logger.warn(`${describeNeed(need)} failed, to be retried: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    }
    switch (outcome.status) {
      case 'repaired':
        this.logger.log(outcome.detail);
        break;
      case 'under-replicated':
        // The one outcome an operator must act on: only more backends (jurisdictions) fix it.
        this.logger.warn(`UNDER-REPLICATED ${outcome.detail}`);
        break;
      case 'nothing-to-do':
      case 'deferred':
        this.logger.debug(`${describeNeed(need)}: ${outcome.detail}`);
        break;
    }
    return outcome;
  }

  /**
   * Handles one scrub run; `onProgress` is told after every batch of copies and listing page.
   *
   * @throws {StorageError} ABORTED when `signal` fires (the API is shutting down).
   */
  async scrub(onProgress: (report: ScrubReport) => Promise<void>, signal?: AbortSignal): Promise<ScrubReport> {
    const { verifyEverySeconds, scrubCopiesPerRun, relocateAfterSeconds } = this.config.storage;
    this.logger.log('scrub started');
    let loggedAt = performance.now();
    const report = await this.maintenance.scrub({
      verifyEveryMs: verifyEverySeconds * 1000,
      copiesPerRun: scrubCopiesPerRun,
      relocateAfterMs: relocateAfterSeconds * 1000,
      ...(signal === undefined ? {} : { signal }),
      onProgress: async (progress) => {
        await onProgress(progress);
        if (performance.now() - loggedAt < PROGRESS_LOG_INTERVAL_MS) return;
        loggedAt = performance.now();
        this.logger.log(`scrub ${summary(progress)}`);
      },
    });
    const problems = report.copiesDamaged + report.copiesUnreachable + report.objectsShort + report.backendsSkipped.length;
    if (problems > 0) this.logger.warn(`scrub finished, repairs reported: ${summary(report)}`);
    else this.logger.log(`scrub finished: ${summary(report)}`);
    return report;
  }
}

function summary(report: ScrubReport): string {
  const skipped = report.backendsSkipped.length > 0 ? `, backends skipped: ${report.backendsSkipped.join(', ')}` : '';
  return (
    `${report.phase}; copies checked ${report.copiesChecked} (intact ${report.copiesIntact}, damaged ${report.copiesDamaged}, ` +
    `unreachable ${report.copiesUnreachable}), objects short of copies ${report.objectsShort}, keys listed ${report.keysListed}, ` +
    `orphans removed ${report.orphansRemoved} (too young ${report.orphansTooYoung})${skipped}`
  );
}

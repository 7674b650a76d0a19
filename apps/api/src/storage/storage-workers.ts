import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { type RepairNeed } from '@coffre/storage/repair';
import { JobWorkers } from '../jobs/job-workers.js';
import { StorageMaintenanceService } from './storage-maintenance.service.js';
import { REPAIR_QUEUE, SCRUB_QUEUE, StorageQueues } from './storage-queues.js';

/** Repair jobs run at once per API instance: each streams one object, so a few keep disks busy. */
const REPAIR_CONCURRENCY = 2;
/**
 * How long shutdown waits for running repairs (a scrub run stops at once). A repair cut short is
 * taken up again by another instance once its job's lock expires: each is idempotent.
 */
const JOBS_GRACE_MS = 20_000;

/**
 * Runs the storage jobs in this API instance: repairs, and scrub runs (one at a time here; runs on
 * several instances at once share the work). Started once the application is up, without waiting
 * for Redis: the API serves while Redis is down and the workers connect when it comes back.
 * Stopped before the database closes, since jobs use it.
 */
@Injectable()
export class StorageWorkers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('StorageWorkers');
  readonly #workers: JobWorkers;

  constructor(
    private readonly queues: StorageQueues,
    private readonly service: StorageMaintenanceService,
  ) {
    this.#workers = new JobWorkers(queues);
  }

  onApplicationBootstrap(): void {
    this.#workers.start<RepairNeed>(REPAIR_QUEUE, (job) => this.service.repair(job.data), REPAIR_CONCURRENCY);
    this.#workers.start(SCRUB_QUEUE, (job, _token, signal) => this.service.scrub((report) => job.updateProgress({ ...report }), signal), 1);
    this.queues.scheduleScrubs().catch((error: unknown) => {
      this.logger.warn(`scrubs not scheduled (Redis unreachable?): ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.#workers.stop(JOBS_GRACE_MS, 'the API is shutting down');
  }
}

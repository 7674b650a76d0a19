import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JobWorkers } from '../jobs/job-workers.js';
import { DriveSweepService } from './drive-sweep.service.js';
import { DriveQueues, PURGE_QUEUE, type PurgeJob, SWEEP_QUEUE } from './drive-queues.js';
import { ObjectPurgeService } from './object-purge.service.js';

/** Purge jobs run at once per API instance: each deletes one object's copies. */
const PURGE_CONCURRENCY = 4;
/** How long shutdown waits for running jobs; an interrupted one runs again elsewhere. */
const JOBS_GRACE_MS = 10_000;

/**
 * Runs the drive's jobs in this API instance: purges of stored objects, and the periodic sweep.
 * Started once the application is up, without waiting for Redis; stopped before the database
 * closes, since jobs use it.
 */
@Injectable()
export class DriveWorkers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('DriveWorkers');
  readonly #workers: JobWorkers;

  constructor(
    private readonly queues: DriveQueues,
    private readonly purges: ObjectPurgeService,
    private readonly sweeps: DriveSweepService,
  ) {
    this.#workers = new JobWorkers(queues);
  }

  onApplicationBootstrap(): void {
    this.#workers.start<PurgeJob>(PURGE_QUEUE, (job) => this.#logFailure(`purge of ${job.data.objectId}`, this.purges.purge(job.data.objectId)), PURGE_CONCURRENCY);
    this.#workers.start(SWEEP_QUEUE, () => this.#logFailure('sweep', this.sweeps.sweep()), 1);
    this.queues.scheduleSweeps().catch((error: unknown) => {
      this.logger.warn(`drive sweeps not scheduled (Redis unreachable?): ${messageOf(error)}`);
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.#workers.stop(JOBS_GRACE_MS);
  }

  async #logFailure<T>(what: string, run: Promise<T>): Promise<T> {
    try {
      return await run;
    } catch (error) {
      this.logger.warn(`${what} failed, to be retried: ${messageOf(error)}`);
      throw error;
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { type Job, Worker } from 'bullmq';
import { type Redis } from 'ioredis';
import { DriveSweepService } from './drive-sweep.service.js';
import { DriveQueues, PURGE_QUEUE, type PurgeJob, SWEEP_QUEUE } from './drive-queues.js';
import { ObjectPurgeService } from './object-purge.service.js';

/** Purge jobs run at once per API instance: each deletes one object's copies. */
const PURGE_CONCURRENCY = 4;
/** How long shutdown waits for running jobs; an interrupted one runs again elsewhere. */
const JOBS_GRACE_MS = 10_000;
/** How long shutdown waits for a worker to let go of Redis. */
const CLOSE_GRACE_MS = 2_000;

/**
 * Runs the drive's jobs in this API instance: purges of stored objects, and the periodic sweep.
 * Started once the application is up, without waiting for Redis; stopped before the database
 * closes, since jobs use it.
 */
@Injectable()
export class DriveWorkers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('DriveWorkers');
  readonly #workers: { worker: Worker; connection: Redis }[] = [];
  readonly #running = new Set<Promise<unknown>>();

  constructor(
    private readonly queues: DriveQueues,
    private readonly purges: ObjectPurgeService,
    private readonly sweeps: DriveSweepService,
  ) {}

  onApplicationBootstrap(): void {
    this.#start<PurgeJob>(PURGE_QUEUE, (job) => this.#logFailure(`purge of ${job.data.objectId}`, this.purges.purge(job.data.objectId)), PURGE_CONCURRENCY);
    this.#start(SWEEP_QUEUE, () => this.#logFailure('sweep', this.sweeps.sweep()), 1);
    this.queues.scheduleSweeps().catch((error: unknown) => {
      this.logger.warn(`drive sweeps not scheduled (Redis unreachable?): ${messageOf(error)}`);
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await settledWithin([...this.#running], JOBS_GRACE_MS);
    // A graceful close waits for Redis, which may be the thing that is down: then force it.
    await Promise.all(this.#workers.map(({ worker, connection }) => settledWithin([worker.close(connection.status !== 'ready')], CLOSE_GRACE_MS)));
    for (const { connection } of this.#workers) connection.disconnect();
  }

  async #logFailure<T>(what: string, run: Promise<T>): Promise<T> {
    try {
      return await run;
    } catch (error) {
      this.logger.warn(`${what} failed, to be retried: ${messageOf(error)}`);
      throw error;
    }
  }

  #start<T>(queue: string, handler: (job: Job<T>) => Promise<unknown>, concurrency: number): void {
    const connection = this.queues.workerConnection();
    const tracked = (job: Job<T>): Promise<unknown> => {
      const run = handler(job);
      this.#running.add(run);
      const forget = (): void => void this.#running.delete(run);
      run.then(forget, forget);
      return run;
    };
    const worker = new Worker<T>(queue, tracked, { connection, prefix: this.queues.prefix, concurrency });
    // Failures are logged by the handlers; connection errors by the API's main Redis connection.
    worker.on('error', () => undefined);
    this.#workers.push({ worker, connection });
  }
}

/** Waits for `promises` to settle, but no longer than `ms`. */
async function settledWithin(promises: readonly Promise<unknown>[], ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  await Promise.race([Promise.allSettled(promises), deadline]);
  clearTimeout(timer);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

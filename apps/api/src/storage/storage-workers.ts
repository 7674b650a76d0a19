import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { type RepairNeed } from '@coffre/storage/repair';
import { type Job, Worker } from 'bullmq';
import { type Redis } from 'ioredis';
import { StorageMaintenanceService } from './storage-maintenance.service.js';
import { REPAIR_QUEUE, SCRUB_QUEUE, StorageQueues } from './storage-queues.js';

/** Repair jobs run at once per API instance: each streams one object, so a few keep disks busy. */
const REPAIR_CONCURRENCY = 2;
/**
 * How long shutdown waits for running repairs (a scrub run stops at once). A repair cut short is
 * taken up again by another instance once its job's lock expires: each is idempotent.
 */
const JOBS_GRACE_MS = 20_000;
/** How long shutdown waits for a worker to let go of Redis. */
const CLOSE_GRACE_MS = 2_000;

type Handler<T> = (job: Job<T>, token?: string, signal?: AbortSignal) => Promise<unknown>;

/**
 * Runs the storage jobs in this API instance: repairs, and scrub runs (one at a time here; runs on
 * several instances at once share the work). Started once the application is up, without waiting
 * for Redis: the API serves while Redis is down and the workers connect when it comes back.
 * Stopped before the database closes, since jobs use it.
 */
@Injectable()
export class StorageWorkers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('StorageWorkers');
  readonly #workers: { worker: Worker; connection: Redis }[] = [];
  readonly #running = new Set<Promise<unknown>>();

  constructor(
    private readonly queues: StorageQueues,
    private readonly service: StorageMaintenanceService,
  ) {}

  onApplicationBootstrap(): void {
    this.#start<RepairNeed>(REPAIR_QUEUE, (job) => this.service.repair(job.data), REPAIR_CONCURRENCY);
    this.#start(SCRUB_QUEUE, (job, _token, signal) => this.service.scrub((report) => job.updateProgress({ ...report }), signal), 1);
    this.queues.scheduleScrubs().catch((error: unknown) => {
      this.logger.warn(`scrubs not scheduled (Redis unreachable?): ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    for (const { worker } of this.#workers) worker.cancelAllJobs('the API is shutting down');
    await settledWithin([...this.#running], JOBS_GRACE_MS);
    // A graceful close waits for Redis, which may be the thing that is down: then force it.
    await Promise.all(this.#workers.map(({ worker, connection }) => settledWithin([worker.close(connection.status !== 'ready')], CLOSE_GRACE_MS)));
    for (const { connection } of this.#workers) connection.disconnect();
  }

  #start<T>(queue: string, handler: Handler<T>, concurrency: number): void {
    const connection = this.queues.workerConnection();
    const tracked: Handler<T> = (job, token, signal) => {
      const run = handler(job, token, signal);
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

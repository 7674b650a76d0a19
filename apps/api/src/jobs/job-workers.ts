// The BullMQ workers of one feature in this API instance, and their shutdown: running jobs get a
// grace period, then each worker lets go of Redis (forced when Redis is the thing that is down).
// Storage and drive jobs both run on it.
import { type Job, Worker } from 'bullmq';
import { type Redis } from 'ioredis';

/** How long shutdown waits for a worker to let go of Redis. */
const CLOSE_GRACE_MS = 2_000;

export type JobHandler<T> = (job: Job<T>, token?: string, signal?: AbortSignal) => Promise<unknown>;

/** Where the workers' queues live: one Redis connection per worker, and the key prefix. */
export interface WorkerQueues {
  workerConnection(): Redis;
  readonly prefix: string;
}

export class JobWorkers {
  readonly #workers: { worker: Worker; connection: Redis }[] = [];
  readonly #running = new Set<Promise<unknown>>();

  constructor(private readonly queues: WorkerQueues) {}

  /** Starts a worker for `queue` that runs `handler` on up to `concurrency` jobs at once. */
  start<T>(queue: string, handler: JobHandler<T>, concurrency: number): void {
    const connection = this.queues.workerConnection();
    const tracked: JobHandler<T> = (job, token, signal) => {
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

  /**
   * Waits up to `jobsGraceMs` for running jobs (after asking them to stop, with `cancelReason`),
   * then closes every worker and its connection. A job cut short runs again elsewhere.
   */
  async stop(jobsGraceMs: number, cancelReason?: string): Promise<void> {
    if (cancelReason !== undefined) for (const { worker } of this.#workers) worker.cancelAllJobs(cancelReason);
    await settledWithin([...this.#running], jobsGraceMs);
    // A graceful close waits for Redis, which may be the thing that is down: then force it.
    await Promise.all(this.#workers.map(({ worker, connection }) => settledWithin([worker.close(connection.status !== 'ready')], CLOSE_GRACE_MS)));
    for (const { connection } of this.#workers) connection.disconnect();
  }
}

/** Waits for `promises` to settle, but no longer than `ms`. */
async function settledWithin(promises: readonly Promise<unknown>[], ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  await Promise.race([Promise.allSettled(promises), deadline]);
  clearTimeout(timer);
}

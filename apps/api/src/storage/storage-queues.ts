import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { type ApiConfig } from '@coffre/config/api';
import { type RepairNeed } from '@coffre/storage/repair';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { API_CONFIG } from '../config/api-config.module.js';
import { repairJobId } from './repair-job-id.js';

/** Queue of repair needs (`replace-copy`, `complete-placement`, `remove-orphan`). */
export const REPAIR_QUEUE = 'storage-repair';
/** Queue of scrub runs, fed by a job scheduler. */
export const SCRUB_QUEUE = 'storage-scrub';
/** The scheduler that starts a scrub run at every interval; one for every API instance. */
const SCRUB_SCHEDULER = 'storage-scrub';

/** Tries of a repair job: enough for a backend to come back over half an hour or so. */
const REPAIR_ATTEMPTS = 10;
/** First retry of a failed repair; each next one waits twice as long. */
const FIRST_RETRY_MS = 2_000;

/**
 * The storage job queues in Redis (BullMQ). Keys live under the API's Redis key prefix, so that
 * deployments, and test runs, sharing one Redis stay apart.
 */
@Injectable()
export class StorageQueues implements OnApplicationShutdown {
  readonly prefix: string;
  readonly #config: ApiConfig;
  readonly #connection: Redis;
  readonly #repairs: Queue<RepairNeed>;
  readonly #scrubs: Queue;

  constructor(@Inject(API_CONFIG) config: ApiConfig) {
    this.#config = config;
    this.prefix = `${config.redisKeyPrefix}bull`;
    // Fails a command after a few reconnection attempts instead of holding it while Redis is down.
    this.#connection = new Redis(config.redisUrl, { connectionName: 'coffre-storage-queues', maxRetriesPerRequest: 3 });
    // Outages are logged once by the API's main Redis connection (RedisModule); not once per client.
    this.#connection.on('error', () => undefined);
    this.#repairs = new Queue(REPAIR_QUEUE, { connection: this.#connection, prefix: this.prefix });
    this.#scrubs = new Queue(SCRUB_QUEUE, { connection: this.#connection, prefix: this.prefix });
    for (const queue of [this.#repairs, this.#scrubs]) queue.on('error', () => undefined);
  }

  /**
   * Queues a repair need, unless the same need is already waiting or running. A `remove-orphan`
   * waits out the grace period first: the copy may be a write still in progress.
   */
  async enqueueRepair(need: RepairNeed): Promise<void> {
    await this.#repairs.add(need.kind, need, {
      jobId: repairJobId(need),
      attempts: REPAIR_ATTEMPTS,
      backoff: { type: 'exponential', delay: FIRST_RETRY_MS },
      delay: need.kind === 'remove-orphan' ? this.#config.storage.orphanGraceSeconds * 1000 : 0,
      removeOnComplete: true,
      removeOnFail: true,
    });
  }

  /** Starts a scrub run every `scrubIntervalSeconds` (creating or updating the scheduler). */
  async scheduleScrubs(): Promise<void> {
    await this.#scrubs.upsertJobScheduler(
      SCRUB_SCHEDULER,
      { every: this.#config.storage.scrubIntervalSeconds * 1000 },
      { name: 'scrub', opts: { removeOnComplete: true, removeOnFail: true } },
    );
  }

  /** Starts a scrub run now, beside any scheduled one. */
  async enqueueScrub(): Promise<void> {
    await this.#scrubs.add('scrub', {}, { removeOnComplete: true, removeOnFail: true });
  }

  /** Repair jobs waiting, delayed (retrying) or running: for tests and operators. */
  pendingRepairs(): Promise<number> {
    return this.#repairs.getJobCountByTypes('waiting', 'delayed', 'active', 'prioritized');
  }

  /** A fresh connection for a worker (blocking commands need their own, with unlimited retries). */
  workerConnection(): Redis {
    const connection = new Redis(this.#config.redisUrl, { connectionName: 'coffre-storage-worker', maxRetriesPerRequest: null });
    connection.on('error', () => undefined);
    return connection;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.#repairs.close(), this.#scrubs.close()]);
    this.#connection.disconnect();
  }
}

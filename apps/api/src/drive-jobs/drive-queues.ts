import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { type ApiConfig } from '@coffre/config/api';
import { type ObjectId } from '@coffre/storage/object-id';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { API_CONFIG } from '../config/api-config.module.js';

/** Queue of stored objects to delete once nothing refers to them (job data: `{ objectId }`). */
export const PURGE_QUEUE = 'drive-purge';
/** Queue of sweeps: expired uploads abandoned, lost purge jobs queued again. */
export const SWEEP_QUEUE = 'drive-sweep';
/** The scheduler that starts a sweep at every interval; one for every API instance. */
const SWEEP_SCHEDULER = 'drive-sweep';

/** Tries of a purge job: enough for a backend or the database to come back. */
const PURGE_ATTEMPTS = 10;
/** First retry of a failed purge; each next one waits twice as long. */
const FIRST_RETRY_MS = 2_000;

/** What a purge job carries. */
export interface PurgeJob {
  objectId: ObjectId;
}

/**
 * The drive's job queues in Redis (BullMQ), under the API's key prefix like the storage queues.
 * Queueing is best effort for callers: every object waiting for removal also has a row in
 * `object_purges`, and the sweep queues those rows again, so a job lost to a Redis outage is late,
 * never forgotten.
 */
@Injectable()
export class DriveQueues implements OnApplicationShutdown {
  readonly prefix: string;
  private readonly logger = new Logger('DriveQueues');
  readonly #config: ApiConfig;
  readonly #connection: Redis;
  readonly #purges: Queue<PurgeJob>;
  readonly #sweeps: Queue;

  constructor(@Inject(API_CONFIG) config: ApiConfig) {
    this.#config = config;
    this.prefix = `${config.redisKeyPrefix}bull`;
    this.#connection = new Redis(config.redisUrl, { connectionName: 'coffre-drive-queues', maxRetriesPerRequest: 3 });
    // Outages are logged once by the API's main Redis connection (RedisModule).
    this.#connection.on('error', () => undefined);
    this.#purges = new Queue(PURGE_QUEUE, { connection: this.#connection, prefix: this.prefix });
    this.#sweeps = new Queue(SWEEP_QUEUE, { connection: this.#connection, prefix: this.prefix });
    for (const queue of [this.#purges, this.#sweeps]) queue.on('error', () => undefined);
  }

  /**
   * Queues the removal of each object, unless it is already waiting. Never throws: what cannot be
   * queued now is queued by the next sweep (its `object_purges` row stays).
   */
  async enqueuePurges(objectIds: readonly ObjectId[]): Promise<void> {
    if (objectIds.length === 0) return;
    try {
      await this.#purges.addBulk(
        objectIds.map((objectId) => ({
          name: 'purge',
          data: { objectId },
          opts: {
            jobId: `purge.${objectId}`,
            attempts: PURGE_ATTEMPTS,
            backoff: { type: 'exponential', delay: FIRST_RETRY_MS },
            removeOnComplete: true,
            removeOnFail: true,
          },
        })),
      );
    } catch (error) {
      this.logger.warn(`${objectIds.length} purge(s) not queued, the sweep will: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * Starts a sweep every `sweepIntervalSeconds` (creating or updating the scheduler), the first one
   * an interval from now: nothing is due at start-up, when the API has better things to do.
   */
  async scheduleSweeps(): Promise<void> {
    const every = this.#config.drive.sweepIntervalSeconds * 1000;
    await this.#sweeps.upsertJobScheduler(
      SWEEP_SCHEDULER,
      { every, startDate: new Date(Date.now() + every) },
      { name: 'sweep', opts: { removeOnComplete: true, removeOnFail: true } },
    );
  }

  /** Starts a sweep now, beside any scheduled one. */
  async enqueueSweep(): Promise<void> {
    await this.#sweeps.add('sweep', {}, { removeOnComplete: true, removeOnFail: true });
  }

  /** Purge jobs waiting, delayed (retrying) or running: for tests and operators. */
  pendingPurges(): Promise<number> {
    return this.#purges.getJobCountByTypes('waiting', 'delayed', 'active', 'prioritized');
  }

  /** A fresh connection for a worker (blocking commands need their own, with unlimited retries). */
  workerConnection(): Redis {
    const connection = new Redis(this.#config.redisUrl, { connectionName: 'coffre-drive-worker', maxRetriesPerRequest: null });
    connection.on('error', () => undefined);
    return connection;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.#purges.close(), this.#sweeps.close()]);
    this.#connection.disconnect();
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { StorageHealthService } from '../storage/storage-health.service.js';
import { API_VERSION } from '../version.js';
import { type CheckStatus, type HealthReport } from './health.dto.js';
import { HealthRepository } from './health.repository.js';

/**
 * How long a dependency has to answer. Short, because a load balancer polls this route and must
 * learn of an outage before its own timeout, not hang with it.
 */
export const HEALTH_CHECK_TIMEOUT_MS = 1_000;

/** Checks that the API can reach what it needs to serve requests. */
@Injectable()
export class HealthService {
  private readonly logger = new Logger(HealthService.name);

  constructor(
    private readonly repository: HealthRepository,
    private readonly storageHealth: StorageHealthService,
  ) {}

  /** Probes the database, Redis and the storage backends at the same time; never throws. */
  async check(): Promise<HealthReport> {
    const [database, redis, { status: storage, ...storageDetail }] = await Promise.all([
      this.probe('database', () => this.repository.pingDatabase()),
      this.probe('redis', () => this.repository.pingRedis()),
      this.storageHealth.check(),
    ]);
    const allUp = database === 'up' && redis === 'up' && storage === 'up';
    return { status: allUp ? 'ok' : 'down', version: API_VERSION, checks: { database, redis, storage }, storage: storageDetail };
  }

  private async probe(name: string, ping: () => Promise<void>): Promise<CheckStatus> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${HEALTH_CHECK_TIMEOUT_MS} ms`)), HEALTH_CHECK_TIMEOUT_MS);
    });
    try {
      // race() subscribes to the ping, so a ping that fails after the timeout is still handled.
      await Promise.race([ping(), timeout]);
      return 'up';
    } catch (error) {
      this.logger.warn(`health check ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      return 'down';
    } finally {
      clearTimeout(timer);
    }
  }
}

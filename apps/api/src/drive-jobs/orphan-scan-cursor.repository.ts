import { Inject, Injectable } from '@nestjs/common';
import { type ApiConfig } from '@coffre/config/api';
import { type ObjectId } from '@coffre/storage/object-id';
import { Redis } from 'ioredis';
import { API_CONFIG } from '../config/api-config.module.js';
import { REDIS } from '../redis/redis.module.js';

/**
 * Where the sweep's scan for orphaned stored objects resumes, in Redis (shared by every API
 * instance). Losing it (a Redis without persistence restarted) only makes the next scan start
 * over from the first object.
 */
@Injectable()
export class OrphanScanCursorRepository {
  private readonly key: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(API_CONFIG) config: ApiConfig,
  ) {
    this.key = `${config.redisKeyPrefix}drive-sweep:orphan-scan-after`;
  }

  /** The last object id the previous scan dealt with, or null to start from the first. */
  async after(): Promise<ObjectId | null> {
    return (await this.redis.get(this.key)) ?? null;
  }

  /** Where the next scan resumes; null starts the next scan from the first object. */
  async moveTo(after: ObjectId | null): Promise<void> {
    if (after === null) await this.redis.del(this.key);
    else await this.redis.set(this.key, after);
  }
}

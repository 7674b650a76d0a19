import { Inject, Injectable } from '@nestjs/common';
import { type ApiConfig } from '@coffre/config/api';
import { Redis } from 'ioredis';
import { API_CONFIG } from '../config/api-config.module.js';
import { REDIS } from '../redis/redis.module.js';

/**
 * The grants handed out when a link is opened, in Redis (shared by every API instance), each
 * under the hash of its token and bound to its link. Redis expires them: nothing to collect.
 */
@Injectable()
export class LinkGrantsRepository {
  private readonly prefix: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(API_CONFIG) config: ApiConfig,
  ) {
    this.prefix = `${config.redisKeyPrefix}link-grant:`;
  }

  async save(grantHash: string, linkId: string, ttlMs: number): Promise<void> {
    await this.redis.set(`${this.prefix}${grantHash}`, linkId, 'PX', ttlMs);
  }

  /** The link a live grant is bound to, or null for an unknown or expired grant. */
  findLinkId(grantHash: string): Promise<string | null> {
    return this.redis.get(`${this.prefix}${grantHash}`);
  }
}

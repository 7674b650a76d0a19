import { Inject, Injectable } from '@nestjs/common';
import { type ApiConfig } from '@coffre/config/api';
import { Redis } from 'ioredis';
import { API_CONFIG } from '../config/api-config.module.js';
import { REDIS } from '../redis/redis.module.js';

/** A counter after one more request: how many in the current window, and when it ends. */
export interface WindowCount {
  count: number;
  /** Milliseconds until the window resets. */
  resetInMs: number;
}

/**
 * Fixed-window counters in Redis, shared by every API instance. A window starts at the first
 * request counted and lasts `windowMs`; the counter then expires.
 */
@Injectable()
export class RateLimitRepository {
  private readonly prefix: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(API_CONFIG) config: ApiConfig,
  ) {
    this.prefix = `${config.redisKeyPrefix}rate:`;
  }

  /** Counts one request against `key`. */
  async hit(key: string, windowMs: number): Promise<WindowCount> {
    const fullKey = `${this.prefix}${key}`;
    // One round trip, atomic: the expiry is set only by the request that opens the window (NX).
    const replies = await this.redis.multi().incr(fullKey).pexpire(fullKey, windowMs, 'NX').pttl(fullKey).exec();
    if (replies === null) throw new Error('rate limit transaction aborted');
    const [[incrError, count], , [ttlError, ttl]] = replies as [[Error | null, number], unknown, [Error | null, number]];
    if (incrError ?? ttlError) throw incrError ?? ttlError;
    return { count, resetInMs: ttl > 0 ? ttl : windowMs };
  }
}

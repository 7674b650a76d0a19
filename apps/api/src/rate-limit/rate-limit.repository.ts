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

  /** Reads `key`'s counter without counting anything: zero when no window is open. */
  async peek(key: string): Promise<WindowCount> {
    const fullKey = `${this.prefix}${key}`;
    const replies = await this.redis.multi().get(fullKey).pttl(fullKey).exec();
    if (replies === null) throw new Error('rate limit transaction aborted');
    const [[getError, count], [ttlError, ttl]] = replies as [[Error | null, string | null], [Error | null, number]];
    if (getError ?? ttlError) throw getError ?? ttlError;
    return { count: Number(count ?? 0), resetInMs: Math.max(ttl, 0) };
  }
}

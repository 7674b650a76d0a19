import { Inject, Injectable } from '@nestjs/common';
import { type ApiConfig } from '@coffre/config/api';
import { Redis } from 'ioredis';
import { API_CONFIG } from '../config/api-config.module.js';
import { REDIS } from '../redis/redis.module.js';

/** A login between its two steps: the OPAQUE server state, and whose account it is for. */
export interface LoginAttempt {
  /** Null for an email without an account: the attempt then fails at its second step. */
  accountId: string | null;
  /** Secret OPAQUE server state (RFC 9807 §6.2.2), needed to verify KE3. */
  serverState: string;
}

/**
 * The short-lived state of the authentication flows, in Redis with an expiry so that any API
 * instance can serve the second step of a flow another one started. Every `take*` reads and
 * deletes at once (GETDEL): each state serves exactly once, even under concurrent requests.
 */
@Injectable()
export class AuthStateRepository {
  private readonly prefix: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(API_CONFIG) config: ApiConfig,
  ) {
    this.prefix = `${config.redisKeyPrefix}auth:`;
  }

  async savePendingRegistration(accountId: string, email: string, ttlSeconds: number): Promise<void> {
    await this.redis.set(`${this.prefix}registration:${accountId}`, email, 'EX', ttlSeconds);
  }

  /** The email a registration was started for, or null if it expired or was used. */
  takePendingRegistration(accountId: string): Promise<string | null> {
    return this.redis.getdel(`${this.prefix}registration:${accountId}`);
  }

  async saveLoginAttempt(loginId: string, attempt: LoginAttempt, ttlSeconds: number): Promise<void> {
    await this.redis.set(`${this.prefix}login:${loginId}`, JSON.stringify(attempt), 'EX', ttlSeconds);
  }

  async takeLoginAttempt(loginId: string): Promise<LoginAttempt | null> {
    const stored = await this.redis.getdel(`${this.prefix}login:${loginId}`);
    return stored === null ? null : (JSON.parse(stored) as LoginAttempt);
  }

  async saveRecoveryChallenge(challenge: string, accountId: string, ttlSeconds: number): Promise<void> {
    await this.redis.set(`${this.prefix}recovery:${challenge}`, accountId, 'EX', ttlSeconds);
  }

  /** The account a recovery challenge was issued for, or null if it expired or was used. */
  takeRecoveryChallenge(challenge: string): Promise<string | null> {
    return this.redis.getdel(`${this.prefix}recovery:${challenge}`);
  }
}

import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type ApiConfig } from '@coffre/config/api';
import { API_CONFIG } from '../config/api-config.module.js';
import { RateLimitRepository } from './rate-limit.repository.js';

/** Who is asking: the client's address, and the account (email) the request is about, if any. */
export interface AuthRequester {
  ip: string;
  /** Lower-cased; absent for requests that carry no email. */
  email?: string;
}

/** Whether a request may proceed, and if not, for how long the client must wait. */
export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Limits on the authentication routes: per client address (against one machine trying many
 * accounts) and per email (against many machines trying one account), each a fixed window
 * counted in Redis so that every API instance enforces the same budget.
 *
 * The per-email limit also lets anyone hold up logins to an account they know the email of, for
 * one window at a time: the price of bounding online password guessing.
 */
@Injectable()
export class RateLimitService {
  constructor(
    private readonly repository: RateLimitRepository,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /** Counts one request to an authentication route and decides on it. */
  async checkAuthRequest(requester: AuthRequester): Promise<RateLimitDecision> {
    const { perIp, perEmail, windowSeconds } = this.config.authRateLimit;
    const windowMs = windowSeconds * 1000;
    const counters = [this.repository.hit(`auth:ip:${requester.ip}`, windowMs).then((result) => ({ ...result, limit: perIp }))];
    if (requester.email !== undefined) {
      // Hashed, so Redis key names carry no email addresses.
      const emailKey = createHash('sha256').update(requester.email).digest('base64url');
      counters.push(this.repository.hit(`auth:email:${emailKey}`, windowMs).then((result) => ({ ...result, limit: perEmail })));
    }
    const exceeded = (await Promise.all(counters)).filter(({ count, limit }) => count > limit);
    if (exceeded.length === 0) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(...exceeded.map(({ resetInMs }) => Math.ceil(resetInMs / 1000))) };
  }
}

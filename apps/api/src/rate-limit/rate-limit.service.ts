import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type ApiConfig } from '@coffre/config/api';
import { API_CONFIG } from '../config/api-config.module.js';
import { RateLimitRepository, type WindowCount } from './rate-limit.repository.js';

/** Who is asking: the client's address, and the account (email) the request is about, if any. */
export interface AuthRequester {
  ip: string;
  /** Lower-cased; absent for requests that carry no email. */
  email?: string;
}

/** Who is trying to open a share link: the client's address and the link. */
export interface LinkOpener {
  ip: string;
  linkId: string;
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
    return decide(await Promise.all(counters));
  }

  /**
   * Whether a client may try an access token on a link: only wrong tokens count (see
   * {@link countWrongLinkToken}), per link (against many machines guessing one link's password)
   * and per address (against one machine trying many links). Counts nothing, so the right token
   * is never held back by a link's popularity; but once a budget is spent, it is refused like a
   * wrong one, so that a guess made past the limit learns nothing.
   */
  async checkLinkOpen(opener: LinkOpener): Promise<RateLimitDecision> {
    const { perLink, perIp } = this.config.links.openRateLimit;
    const [link, ip] = await Promise.all([this.repository.peek(linkKey(opener)), this.repository.peek(`link-open:ip:${opener.ip}`)]);
    // At the limit already: the next wrong token would go over it.
    return decide([
      { ...link, count: link.count + 1, limit: perLink },
      { ...ip, count: ip.count + 1, limit: perIp },
    ]);
  }

  /**
   * Counts a wrong access token against the link and the address, and decides on the attempt
   * itself: the counters are incremented atomically, so however many guesses arrive at once, no
   * more than the limit are answered as wrong in a window (the others are rate limited).
   */
  async countWrongLinkToken(opener: LinkOpener): Promise<RateLimitDecision> {
    const { perLink, perIp, windowSeconds } = this.config.links.openRateLimit;
    const windowMs = windowSeconds * 1000;
    return decide(
      await Promise.all([
        this.repository.hit(linkKey(opener), windowMs).then((result) => ({ ...result, limit: perLink })),
        this.repository.hit(`link-open:ip:${opener.ip}`, windowMs).then((result) => ({ ...result, limit: perIp })),
      ]),
    );
  }
}

function linkKey(opener: LinkOpener): string {
  return `link-open:link:${opener.linkId}`;
}

/** Allowed unless a counter is over its limit; then wait for the longest of the exceeded windows. */
function decide(counters: readonly (WindowCount & { limit: number })[]): RateLimitDecision {
  const exceeded = counters.filter(({ count, limit }) => count > limit);
  if (exceeded.length === 0) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.max(1, ...exceeded.map(({ resetInMs }) => Math.ceil(resetInMs / 1000))) };
}

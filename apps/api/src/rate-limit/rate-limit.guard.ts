import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.js';
import { RateLimitService } from './rate-limit.service.js';

/**
 * Applies the authentication rate limits before anything else runs for the request (validation
 * included, so malformed requests count too). Over the limit: 429 RATE_LIMITED with Retry-After.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(private readonly rateLimits: RateLimitService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const decision = await this.rateLimits.checkAuthRequest({ ip: request.ip, ...emailOf(request.body) });
    if (decision.allowed) return true;
    // Set here, on the reply the error filter then sends: RFC 9110 §10.2.3.
    void context.switchToHttp().getResponse<FastifyReply>().header('retry-after', String(decision.retryAfterSeconds));
    throw new AppError('RATE_LIMITED', `rate limit reached on ${request.url}`);
  }
}

/** The email a request body names, normalised as the routes normalise it (not yet validated). */
function emailOf(body: unknown): { email?: string } {
  if (typeof body !== 'object' || body === null || !('email' in body) || typeof body.email !== 'string') return {};
  return { email: body.email.trim().toLowerCase() };
}

import { applyDecorators, UseGuards } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { RateLimitGuard } from './rate-limit.guard.js';

/**
 * Puts a route (or controller) under the authentication rate limits, per client address and per
 * email (COFFRE_AUTH_RATE_LIMIT_*). Modules using it import RateLimitModule.
 */
export function AuthRateLimited(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    UseGuards(RateLimitGuard),
    ApiResponse({ status: 429, description: 'RATE_LIMITED; the Retry-After header says when to try again.' }),
  );
}

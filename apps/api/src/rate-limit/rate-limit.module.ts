import { Module } from '@nestjs/common';
import { RateLimitGuard } from './rate-limit.guard.js';
import { RateLimitRepository } from './rate-limit.repository.js';
import { RateLimitService } from './rate-limit.service.js';

/** Rate limits counted in Redis; @AuthRateLimited() applies the authentication ones. */
@Module({
  providers: [RateLimitRepository, RateLimitService, RateLimitGuard],
  exports: [RateLimitGuard, RateLimitService],
})
export class RateLimitModule {}

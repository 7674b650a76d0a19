import { Inject, Injectable } from '@nestjs/common';
import { type Database } from '@coffre/db/client';
import { Redis } from 'ioredis';
import { DATABASE } from '../database/database.module.js';
import { REDIS } from '../redis/redis.module.js';

/** The round trips the health check makes; each resolves only if the dependency answered. */
@Injectable()
export class HealthRepository {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async pingDatabase(): Promise<void> {
    await this.database.prisma.$queryRaw`SELECT 1`;
  }

  async pingRedis(): Promise<void> {
    await this.redis.ping();
  }
}

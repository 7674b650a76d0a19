import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { type ApiConfig } from '@coffre/config/api';
import { Redis } from 'ioredis';
import { API_CONFIG } from '../config/api-config.module.js';

/** Injection token for the shared ioredis client. Only repositories inject it. */
export const REDIS = Symbol('Redis');

const logger = new Logger('Redis');

function connectRedis(config: ApiConfig): Redis {
  // No await on the connection: the API starts (and reports Redis "down" in its health check)
  // while Redis is unreachable, and ioredis keeps reconnecting in the background.
  //
  // A request must not wait out a Redis outage: ioredis's defaults (20 reconnect attempts per
  // command, backing off to 5 s) hold a request for over a minute and then fail it with an error
  // nothing recognises. Here a command fails after one reconnect attempt, at most about a second
  // later, with MaxRetriesPerRequestError, which the error filter answers with 503
  // DEPENDENCY_UNAVAILABLE (see errors/dependency-outage.ts).
  const redis = new Redis(config.redisUrl, {
    connectionName: 'coffre-api',
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt: number) => Math.min(attempt * 100, 1000),
  });
  let reported = false;
  redis.on('error', (error: Error) => {
    // ioredis emits an error per reconnect attempt; one line per outage is enough.
    if (!reported) logger.warn(`Redis unreachable: ${error.message}`);
    reported = true;
  });
  redis.on('ready', () => {
    if (reported) logger.log('Redis reachable again');
    reported = false;
  });
  return redis;
}

/** Provides the Redis client under {@link REDIS} and closes it when the application shuts down. */
@Global()
@Module({
  providers: [{ provide: REDIS, inject: [API_CONFIG], useFactory: connectRedis }],
  exports: [REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    // QUIT waits for pending replies, which never come while Redis is down: then just drop it.
    if (this.redis.status === 'ready') await this.redis.quit();
    else this.redis.disconnect();
    logger.log('Redis connection closed');
  }
}

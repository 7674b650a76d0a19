import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadApiConfig } from '@coffre/config/api';
import { createServerSetup } from '@coffre/crypto/opaque-server';
import { Redis } from 'ioredis';
import { createApp } from '../../src/create-app.js';

/** A running API on a free loopback port. */
export interface TestApp {
  readonly app: NestFastifyApplication;
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** Stops the API and deletes the Redis keys it wrote. */
  close(): Promise<void>;
}

/** One OPAQUE server setup per test process: creating one is cheap, but there is no need. */
let serverSetup: Promise<string> | undefined;

/**
 * Builds and starts the real application in this process, configured the way production is
 * (through `loadApiConfig`), with `env` on top of quiet test defaults: its own Redis key prefix
 * (test files run in parallel on one Redis) and rate limits high enough not to get in the way of
 * tests that are not about them.
 */
export async function startTestApp(env: Record<string, string>): Promise<TestApp> {
  serverSetup ??= createServerSetup();
  const redisKeyPrefix = `coffre-test-${randomBytes(6).toString('hex')}:`;
  // Its own data directory (the default storage backends live there), unless the test gives one.
  const dataDir = env.COFFRE_DATA_DIR === undefined ? await mkdtemp(path.join(tmpdir(), 'coffre-api-test-')) : undefined;
  const config = loadApiConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    COFFRE_OPAQUE_SERVER_SETUP: await serverSetup,
    COFFRE_REDIS_KEY_PREFIX: redisKeyPrefix,
    COFFRE_AUTH_RATE_LIMIT_PER_IP: '100000',
    COFFRE_AUTH_RATE_LIMIT_PER_EMAIL: '100000',
    ...(dataDir === undefined ? {} : { COFFRE_DATA_DIR: dataDir }),
    ...env,
  });
  const app = await createApp(config);
  await app.listen({ port: config.port, host: config.host });
  return {
    app,
    url: await app.getUrl(),
    close: async () => {
      await app.close();
      await deleteRedisKeys(config.redisUrl, config.redisKeyPrefix);
      if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Deletes every Redis key under `prefix`; quietly gives up if Redis cannot be reached. */
export async function deleteRedisKeys(redisUrl: string, prefix: string): Promise<void> {
  // One attempt, no reconnection: cleaning up must not outlive a Redis that a test took away.
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  // Failures surface through connect() below; without a listener ioredis would also print them.
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 1000 })) {
      if ((keys as string[]).length > 0) await redis.del(...(keys as string[]));
    }
  } catch {
    // Redis may be the dependency a test took away; its keys then expire on their own.
  } finally {
    redis.disconnect();
  }
}

import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadApiConfig } from '@coffre/config/api';
import { createApp } from '../../src/create-app.js';

/** A running API on a free loopback port. */
export interface TestApp {
  readonly app: NestFastifyApplication;
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
}

/**
 * Builds and starts the real application in this process, configured the way production is
 * (through `loadApiConfig`), with `env` on top of quiet test defaults.
 */
export async function startTestApp(env: Record<string, string>): Promise<TestApp> {
  const config = loadApiConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', NODE_ENV: 'test', ...env });
  const app = await createApp(config);
  await app.listen({ port: config.port, host: config.host });
  return { app, url: await app.getUrl() };
}

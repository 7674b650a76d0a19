// The health check tells a load balancer the truth when Redis is gone: the API still starts,
// answers, and reports exactly which dependency is down. Requests that need Redis fail fast with
// 503 DEPENDENCY_UNAVAILABLE and a Retry-After, not a 500 after a minute of reconnect attempts.
import { createTestDatabase } from '@coffre/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { closedPort } from './support/closed-port.js';
import { settledHealth } from './support/health.js';
import { packageVersion } from './support/package-version.js';
import { startTestApp, type TestApp } from './support/start-test-app.js';

let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
let api: TestApp | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  api = await startTestApp({ DATABASE_URL: database.url, REDIS_URL: `redis://127.0.0.1:${await closedPort()}` });
});

afterAll(async () => {
  await api?.close();
  await database?.drop();
});

it('answers 503 with Redis marked down and the database up', async () => {
  const { status, body } = await settledHealth(api!.url, ['database', 'storage']);

  expect(status).toBe(503);
  expect(body).toEqual({
    status: 'down',
    version: packageVersion,
    checks: { database: 'up', redis: 'down', storage: 'up' },
    storage: { backendsReachable: 3, backendsConfigured: 3, underReplicatedObjects: 0 },
  });
});

it('answers a request that needs Redis (the sign-in rate limit) with 503 DEPENDENCY_UNAVAILABLE and Retry-After', async () => {
  const response = await fetch(`${api?.url}/api/auth/login/start`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'someone@example.com', startLoginRequest: 'AAAA' }),
  });

  expect(response.status).toBe(503);
  expect(response.headers.get('retry-after')).toBe('5');
  expect(await response.json()).toMatchObject({ error: { code: 'DEPENDENCY_UNAVAILABLE' } });
});

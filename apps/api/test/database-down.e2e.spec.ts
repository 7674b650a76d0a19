// A database outage while the API runs: requests that need it get 503 DEPENDENCY_UNAVAILABLE
// with a Retry-After, the process survives the dropped connections, and it serves again once the
// database is back. Postgres is reached through a loopback proxy this test cuts and restores.
import { createTestDatabase } from '@coffre/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/start-test-app.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';

let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
let proxy: TcpProxy | undefined;
let api: TestApp | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  const url = new URL(database.url);
  proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  url.port = String(proxy.port);
  api = await startTestApp({ DATABASE_URL: url.toString() });
});

afterAll(async () => {
  await api?.close();
  await proxy?.close();
  await database?.drop();
});

const startLogin = () =>
  fetch(`${api?.url}/api/auth/login/start`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'someone@example.com', startLoginRequest: 'AAAA' }),
  });

it('answers 503 DEPENDENCY_UNAVAILABLE while the database is unreachable, and serves again once it is back', async () => {
  const before = await startLogin();
  expect(before.status).toBe(400); // the database answered; the OPAQUE message is malformed

  await proxy?.cut();
  const during = await startLogin();
  expect(during.status).toBe(503);
  expect(during.headers.get('retry-after')).toBe('5');
  expect(await during.json()).toMatchObject({ error: { code: 'DEPENDENCY_UNAVAILABLE' } });
  const health = await fetch(`${api?.url}/api/health`);
  expect(health.status).toBe(503);
  expect(await health.json()).toMatchObject({ checks: { database: 'down' } });

  await proxy?.restore();
  const after = await startLogin();
  expect(after.status).toBe(400);
});

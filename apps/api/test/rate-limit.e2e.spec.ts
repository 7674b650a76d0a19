// Rate limits on the authentication routes, per email and per client address: the request over
// the limit gets 429 with Retry-After, and the same request goes through once the window is over.
import { startLogin } from '@coffre/crypto/opaque';
import { createTestDatabase } from '@coffre/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueEmail } from './support/accounts.js';
import { expectError } from './support/expect-error.js';
import { startTestApp, type TestApp } from './support/start-test-app.js';

const WINDOW_SECONDS = 6;
const RATE_LIMITED = { code: 'RATE_LIMITED', message: 'Too many requests; try again later.' };

let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
/** Three requests per email and window; addresses unlimited in practice. */
let perEmail: TestApp | undefined;
/** Three requests per address and window. */
let perIp: TestApp | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  const limits = { DATABASE_URL: database.url, COFFRE_AUTH_RATE_LIMIT_WINDOW_SECONDS: String(WINDOW_SECONDS) };
  [perEmail, perIp] = await Promise.all([
    startTestApp({ ...limits, COFFRE_AUTH_RATE_LIMIT_PER_EMAIL: '3' }),
    startTestApp({ ...limits, COFFRE_AUTH_RATE_LIMIT_PER_IP: '3' }),
  ]);
});

afterAll(async () => {
  await Promise.all([perEmail?.close(), perIp?.close()]);
  await database?.drop();
});

async function loginStart(api: TestApp | undefined, email: string): Promise<Response> {
  return fetch(`${api!.url}/api/auth/login/start`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, startLoginRequest: (await startLogin('any password')).request }),
  });
}

function sleep(seconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, seconds * 1000));
}

describe('per email', () => {
  it('answers the fourth attempt in a window with 429 and Retry-After, whatever the case, then lets it through', async () => {
    const email = uniqueEmail('limited');
    for (let attempt = 0; attempt < 3; attempt++) expect((await loginStart(perEmail, email)).status).toBe(200);

    const limited = await loginStart(perEmail, email.toUpperCase());
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
    await expectError(limited, 429, RATE_LIMITED);

    // Other emails are not held up by this one's budget.
    expect((await loginStart(perEmail, uniqueEmail('unaffected'))).status).toBe(200);

    await sleep(retryAfter);
    expect((await loginStart(perEmail, email)).status).toBe(200);
  });

  it('counts malformed requests too, so they cannot probe for free', async () => {
    const email = uniqueEmail('malformed');
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await fetch(`${perEmail!.url}/api/auth/register/start`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email }),
      });
      expect(response.status).toBe(400);
    }
    await expectError(await loginStart(perEmail, email), 429, RATE_LIMITED);
  });
});

describe('per client address', () => {
  it('limits one address across emails and routes, then lets it through again', async () => {
    for (let attempt = 0; attempt < 3; attempt++) expect((await loginStart(perIp, uniqueEmail('spray'))).status).toBe(200);

    const limited = await fetch(`${perIp!.url}/api/auth/recovery/start`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: uniqueEmail('spray') }),
    });
    await expectError(limited, 429, RATE_LIMITED);
    // Routes outside authentication are not rate-limited.
    expect((await fetch(`${perIp!.url}/api/health`)).status).toBe(200);

    await sleep(Number(limited.headers.get('retry-after')));
    expect((await loginStart(perIp, uniqueEmail('spray'))).status).toBe(200);
  });
});

// The API as clients see it: the real application on a real port, against a fresh Postgres
// database and the local Redis, with every body asserted exactly.
import { createTestDatabase } from '@coffre/db/testing';
import { launchChromium } from '@coffre/testing/chromium';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from './support/expect-error.js';
import { settledHealth } from './support/health.js';
import { packageVersion } from './support/package-version.js';
import { startTestApp, type TestApp } from './support/start-test-app.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const WEB_ORIGIN = 'http://127.0.0.1:3000';

let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
let api: TestApp | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  api = await startTestApp({ DATABASE_URL: database.url, COFFRE_WEB_ORIGINS: WEB_ORIGIN });
});

afterAll(async () => {
  await api?.close();
  await database?.drop();
});

function request(path: string, init?: RequestInit): Promise<Response> {
  if (api === undefined) throw new Error('the API did not start');
  return fetch(`${api.url}${path}`, init);
}

describe('GET /api/health', () => {
  it('answers 200 ok when Postgres, Redis and the storage backends are up', async () => {
    const { status, headers, body } = await settledHealth(api!.url, ['database', 'redis', 'storage']);
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(body).toEqual({
      status: 'ok',
      version: packageVersion,
      checks: { database: 'up', redis: 'up', storage: 'up' },
      storage: { backendsReachable: 3, backendsConfigured: 3, underReplicatedObjects: 0 },
    });
  });
});

describe('errors', () => {
  it('answers an unknown route with 404 NOT_FOUND in the error shape', async () => {
    await expectError(await request('/api/no-such-route'), 404, {
      code: 'NOT_FOUND',
      message: 'Nothing was found at this address.',
    });
  });

  it('answers malformed JSON with 400 VALIDATION_FAILED', async () => {
    const response = await request('/api/health', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name": "unterminated',
    });
    await expectError(response, 400, { code: 'VALIDATION_FAILED', message: 'The request body is not valid JSON.' });
  });

  it('answers a body over the limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const response = await request('/api/health', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ padding: 'x'.repeat(1024 * 1024) }),
    });
    await expectError(response, 413, { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large.' });
  });
});

describe('correlation ids', () => {
  it('gives every response its own id', async () => {
    const [first, second] = await Promise.all([request('/api/health'), request('/api/health')]);
    expect(first.headers.get('x-correlation-id')).toMatch(UUID);
    expect(second.headers.get('x-correlation-id')).toMatch(UUID);
    expect(first.headers.get('x-correlation-id')).not.toBe(second.headers.get('x-correlation-id'));
  });

  it('keeps a well-formed id set by a proxy in front of the API, in the header and the body', async () => {
    const response = await request('/api/missing', { headers: { 'x-correlation-id': 'lb-2026-11-23.0042' } });
    expect(response.headers.get('x-correlation-id')).toBe('lb-2026-11-23.0042');
    expect(await response.json()).toMatchObject({ error: { correlationId: 'lb-2026-11-23.0042' } });
  });

  it('replaces an id that could smuggle text into the logs', async () => {
    const response = await request('/api/health', { headers: { 'x-correlation-id': 'x" level=fatal msg="forged' } });
    expect(response.headers.get('x-correlation-id')).toMatch(UUID);
  });
});

describe('browser-facing headers', () => {
  it('lets the configured web origin read responses, their correlation id, and the content headers of downloads', async () => {
    const response = await request('/api/health', { headers: { origin: WEB_ORIGIN } });
    expect(response.headers.get('access-control-allow-origin')).toBe(WEB_ORIGIN);
    expect(response.headers.get('access-control-expose-headers')).toBe(
      'x-correlation-id, retry-after, content-range, content-length, accept-ranges, etag, x-coffre-version, x-coffre-encrypted-as',
    );
  });

  it('does not grant any other origin', async () => {
    const response = await request('/api/health', { headers: { origin: 'https://evil.example' } });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers a preflight from the web origin', async () => {
    const response = await request('/api/health', {
      method: 'OPTIONS',
      headers: { origin: WEB_ORIGIN, 'access-control-request-method': 'POST' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(WEB_ORIGIN);
  });

  it('sends security headers, without forcing HTTPS on a plain-HTTP deployment', async () => {
    const response = await request('/api/health');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });
});

describe('OpenAPI', () => {
  it('describes /api/health with its report schema and the common error response', async () => {
    const response = await request('/api/docs/openapi.json');
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      info: { title: string; version: string };
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, unknown> };
    };

    expect(document.info).toMatchObject({ title: 'Coffre API', version: packageVersion });
    expect(Object.keys(document.paths)).toContain('/api/health');
    expect(Object.keys(document.paths['/api/health'] ?? {})).toEqual(['get']);
    expect(Object.keys(document.paths['/api/health']?.get?.responses ?? {}).sort()).toEqual(['200', '503', 'default']);
    expect(document.components.schemas).toHaveProperty('HealthReport');
    expect(document.components.schemas).toHaveProperty('ErrorResponse');
  });

  it('serves a documentation page that renders in a browser under the API’s CSP', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      await page.goto(`${api?.url}/api/docs`);
      await page.locator('.opblock-summary-path', { hasText: '/api/health' }).waitFor({ timeout: 15_000 });
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

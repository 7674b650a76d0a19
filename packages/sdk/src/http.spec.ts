import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/http-server.js';
import { ApiError } from './errors.js';
import { createHttp, type Http } from './http.js';

let server: TestServer;
let token: string | undefined;
let http: Http;

beforeAll(async () => {
  server = await startTestServer();
  http = createHttp({ baseUrl: `${server.url}/`, token: () => token });
});

afterAll(() => server.close());

beforeEach(() => {
  server.received.length = 0;
  token = undefined;
});

async function failure(request: Promise<unknown>): Promise<ApiError> {
  const error = await request.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('createHttp', () => {
  it('sends JSON with the bearer token, and returns the JSON answer', async () => {
    token = 'secret-token';
    server.answer(() => ({ status: 200, body: { ok: true } }));

    await expect(http({ method: 'POST', path: '/api/thing', body: { a: 1 }, authenticated: true })).resolves.toEqual({ ok: true });

    const [sent] = server.received;
    expect(sent).toMatchObject({ method: 'POST', url: '/api/thing', body: '{"a":1}' });
    expect(sent!.headers).toMatchObject({ authorization: 'Bearer secret-token', 'content-type': 'application/json' });
  });

  it('never sends the token to a route that does not need it', async () => {
    token = 'secret-token';
    server.answer(() => ({ status: 200, body: {} }));
    await http({ method: 'POST', path: '/api/auth/login/start', body: {} });
    expect(server.received[0]!.headers.authorization).toBeUndefined();
  });

  it('encodes query parameters, and answers 204 with nothing', async () => {
    server.answer(() => ({ status: 204 }));
    await expect(http({ method: 'GET', path: '/api/keys', query: { email: 'a+b@example.org' } })).resolves.toBeUndefined();
    expect(server.received[0]!.url).toBe('/api/keys?email=a%2Bb%40example.org');
  });

  it('refuses an authenticated route without a token, sending nothing', async () => {
    const error = await failure(http({ method: 'GET', path: '/api/auth/sessions', authenticated: true }));
    expect(error).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(server.received).toEqual([]);
  });

  it("turns the API's error body into an ApiError, issues and Retry-After included", async () => {
    server.answer(() => ({
      status: 429,
      headers: { 'content-type': 'application/json', 'retry-after': '17', 'x-correlation-id': 'corr-header' },
      body: { error: { code: 'RATE_LIMITED', message: 'Too many requests; try again later.', correlationId: 'corr-1', issues: [{ path: 'body.email', message: 'bad' }] } },
    }));

    const error = await failure(http({ method: 'POST', path: '/api/auth/login/start', body: {} }));

    expect(error).toMatchObject({ name: 'ApiError', status: 429, code: 'RATE_LIMITED', message: 'Too many requests; try again later.', correlationId: 'corr-1' });
    expect(error.retryAfterSeconds).toBe(17);
    expect(error.issues).toEqual([{ path: 'body.email', message: 'bad' }]);
  });

  it('reports an answer that is not the API’s as UNEXPECTED_RESPONSE, with the header correlation id', async () => {
    server.answer(() => ({ status: 502, headers: { 'content-type': 'text/html', 'x-correlation-id': 'lb-123' }, body: '<h1>Bad gateway</h1>' }));
    const error = await failure(http({ method: 'GET', path: '/api/account' }));
    expect(error).toMatchObject({ status: 502, code: 'UNEXPECTED_RESPONSE', correlationId: 'lb-123' });
    expect(error.retryAfterSeconds).toBeUndefined();
  });

  it('reports an unreachable API as NETWORK_ERROR with status 0', async () => {
    const closed = await startTestServer();
    await closed.close();
    const error = await failure(createHttp({ baseUrl: closed.url, token: () => undefined })({ method: 'GET', path: '/api/health' }));
    expect(error).toMatchObject({ status: 0, code: 'NETWORK_ERROR', correlationId: '' });
    expect(error.cause).toBeInstanceOf(TypeError);
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/http-server.js';
import { ApiError } from './errors.js';
import { createSharingRoutesFor, type SharingRoutes } from './sharing-routes.js';

const LINK_ID = 'AAAAAAAAAAAAAAAAAAAAAA';
const NODE_ID = '9d1f3a60-5b7e-4c2a-8f14-2e6b0c9d7a31';

let server: TestServer;
let token: string | undefined;
let routes: SharingRoutes;

beforeAll(async () => {
  server = await startTestServer();
  routes = createSharingRoutesFor({ baseUrl: server.url, token: () => token });
});

afterAll(() => server.close());

beforeEach(() => {
  server.received.length = 0;
  token = 'session-token';
});

describe('the public link routes', () => {
  it('never send the session token, even from a signed-in client', async () => {
    server.answer(() => ({ status: 200, body: { grant: 'g' } }));

    await routes.getPublicLink(LINK_ID);
    await routes.openLink(LINK_ID, { accessToken: 'token' });

    expect(server.received.map(({ method, url }) => `${method} ${url}`)).toEqual([`GET /api/public/links/${LINK_ID}`, `POST /api/public/links/${LINK_ID}/open`]);
    expect(server.received.every((request) => request.headers.authorization === undefined)).toBe(true);
    expect(server.received[1]!.body).toBe('{"accessToken":"token"}');
  });

  it('work without any session at all', async () => {
    const anonymous = createSharingRoutesFor({ baseUrl: server.url });
    server.answer(() => ({ status: 200, body: { items: [], nextCursor: null } }));
    await expect(anonymous.listLinkChildren(LINK_ID, NODE_ID, 'grant-1', { cursor: 'c', limit: 5 })).resolves.toEqual({ items: [], nextCursor: null });
    const [sent] = server.received;
    expect(sent!.url).toBe(`/api/public/links/${LINK_ID}/nodes/${NODE_ID}/children?cursor=c&limit=5`);
    expect(sent!.headers['x-coffre-link-grant']).toBe('grant-1');
  });

  it('ask for content with the grant and an explicit range, and hand back a stream and its headers', async () => {
    server.answer(() => ({
      status: 206,
      headers: { 'content-type': 'application/octet-stream', 'content-range': 'bytes 10-14/100', 'x-coffre-version': '3', 'content-length': '5' },
      body: 'hello',
    }));

    const content = await routes.getLinkContent(LINK_ID, NODE_ID, 'grant-2', { start: 10, end: 15 });

    expect(server.received[0]!.headers).toMatchObject({ 'x-coffre-link-grant': 'grant-2', range: 'bytes=10-14' });
    expect(server.received[0]!.headers.authorization).toBeUndefined();
    expect(content).toMatchObject({ status: 206, version: 3, length: 5, size: 100 });
    expect(await new Response(content.body).text()).toBe('hello');
  });

  it('turn a refusal into an ApiError with its code', async () => {
    server.answer(() => ({ status: 410, body: { error: { code: 'LINK_EXHAUSTED', message: 'This link has reached its download limit.', correlationId: 'c-1' } } }));
    const error = await routes.openLink(LINK_ID, { accessToken: 'token' }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 410, code: 'LINK_EXHAUSTED', correlationId: 'c-1' });

    server.answer(() => ({ status: 429, headers: { 'content-type': 'application/json', 'retry-after': '30' }, body: { error: { code: 'RATE_LIMITED', message: 'Too many.', correlationId: 'c-2' } } }));
    await expect(routes.getLinkContent(LINK_ID, NODE_ID, 'grant')).rejects.toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 30 });
  });
});

describe('the account routes', () => {
  it('send the session token, and encode ids in paths', async () => {
    server.answer(() => ({ status: 204 }));
    await routes.revokeLink('a/b');
    await routes.deleteShare('x?y');
    expect(server.received.map(({ method, url }) => `${method} ${url}`)).toEqual(['DELETE /api/links/a%2Fb', 'DELETE /api/shares/x%3Fy']);
    expect(server.received.every((request) => request.headers.authorization === 'Bearer session-token')).toBe(true);
  });

  it('refuse to send anything without a session', async () => {
    token = undefined;
    await expect(routes.listLinks()).rejects.toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    await expect(routes.listIncomingShares()).rejects.toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(server.received).toEqual([]);
  });

  it('reach every share route', async () => {
    server.answer(() => ({ status: 200, body: [] }));
    await routes.createShare({ nodeId: NODE_ID, recipientId: NODE_ID, role: 'read', sealedKey: 'k' });
    await routes.listOutgoingShares();
    await routes.listIncomingShares();
    await routes.acceptShare('s1');
    await routes.createLink({ id: LINK_ID, nodeId: NODE_ID, keyWrap: 'w', passwordParams: null, accessHash: 'h', expiresAt: null, maxDownloads: 1 });
    await routes.listLinks({ limit: 2 });
    expect(server.received.map(({ method, url }) => `${method} ${url}`)).toEqual([
      'POST /api/shares',
      'GET /api/shares/outgoing',
      'GET /api/shares/incoming',
      'POST /api/shares/s1/accept',
      'POST /api/links',
      'GET /api/links?limit=2',
    ]);
  });
});

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/http-server.js';
import { type DriveRoutes, createDriveRoutesFor, rangeHeaders } from './drive-routes.js';
import { ApiError } from './errors.js';

let server: TestServer;
let routes: DriveRoutes;

beforeAll(async () => {
  server = await startTestServer();
  routes = createDriveRoutesFor({ baseUrl: server.url, token: () => 'secret-token' });
});

afterAll(() => server.close());

beforeEach(() => {
  server.received.length = 0;
});

const NODE = '0d6f2b1e-9a4c-4c3b-8e7d-1f2a3b4c5d6e';

describe('createDriveRoutes', () => {
  it('sends each JSON route with its method, path, query and the bearer token', async () => {
    server.answer(() => ({ status: 200, body: { items: [], nextCursor: null } }));
    await routes.listChildren(NODE, { cursor: 'abc', limit: 50 });
    await routes.listTrash();
    server.answer(() => ({ status: 200, body: { id: NODE } }));
    await routes.updateNode(NODE, { parentId: NODE, keyWrap: 'k', name: 'n', metadata: 'm', version: 2, signature: 's' });
    server.answer(() => ({ status: 204 }));
    await expect(routes.deleteVersion(NODE, 3)).resolves.toBeUndefined();

    expect(server.received.map(({ method, url }) => `${method} ${url}`)).toEqual([
      `GET /api/nodes/${NODE}/children?cursor=abc&limit=50`,
      'GET /api/trash',
      `PATCH /api/nodes/${NODE}`,
      `DELETE /api/files/${NODE}/versions/3`,
    ]);
    expect(server.received.every((request) => request.headers.authorization === 'Bearer secret-token')).toBe(true);
    expect(JSON.parse(server.received[2]!.body)).toMatchObject({ version: 2 });
  });

  it('sends a part as its bytes, with their hash, from memory, a Blob or a stream', async () => {
    server.answer((request) => ({ status: 200, body: { n: 0, sha256: request.headers['x-content-sha256'], size: request.body.length } }));
    const bytes = new TextEncoder().encode('ciphertext bytes');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.subarray(0, 5));
        controller.enqueue(bytes.subarray(5));
        controller.close();
      },
    });

    for (const body of [bytes, new Blob([bytes]), stream]) {
      await expect(routes.putPart('up-1', 4, body, 'ab'.repeat(32))).resolves.toEqual({ n: 0, sha256: 'ab'.repeat(32), size: 16 });
    }
    for (const request of server.received) {
      expect(request).toMatchObject({ method: 'PUT', url: '/api/uploads/up-1/parts/4', body: 'ciphertext bytes' });
      expect(request.headers['content-type']).toBe('application/octet-stream');
    }
  });

  it('asks for a range and hands back the content as a stream, with what its headers say', async () => {
    server.answer(() => ({
      status: 206,
      headers: { 'content-length': '5', 'content-range': 'bytes 10-14/100', 'x-coffre-version': '7', 'x-coffre-encrypted-as': '3', etag: '"v7"' },
      body: 'hello',
    }));

    const content = await routes.getVersionContent(NODE, 7, { start: 10, end: 15 });

    expect(server.received[0]).toMatchObject({ method: 'GET', url: `/api/files/${NODE}/versions/7/content` });
    expect(server.received[0]!.headers.range).toBe('bytes=10-14');
    expect(content).toMatchObject({ status: 206, version: 7, encryptedAs: 3, length: 5, size: 100, etag: '"v7"' });
    expect(await new Response(content.body).text()).toBe('hello');
  });

  it('keeps a content body whole when its Response is garbage-collected before the body is read', async () => {
    // A download keeps requests in flight and reads each body only when its turn comes; Node's
    // fetch cancels the body of a collected Response nobody has started reading.
    const body = 'c'.repeat(256 * 1024);
    server.answer(() => ({ status: 206, headers: { 'content-length': String(body.length), 'content-range': `bytes 0-${body.length - 1}/${body.length}` }, body }));
    const content = await routes.getVersionContent(NODE, 1, { start: 0, end: body.length });
    await collectGarbage();

    expect(await new Response(content.body).text()).toBe(body);
  });

  it('spells every kind of range', () => {
    expect(rangeHeaders(undefined)).toEqual({});
    expect(rangeHeaders({ start: 0, end: 1 })).toEqual({ range: 'bytes=0-0' });
    expect(rangeHeaders({ start: 500 })).toEqual({ range: 'bytes=500-' });
    expect(rangeHeaders({ suffix: 80 })).toEqual({ range: 'bytes=-80' });
  });

  it("turns the API's error into an ApiError with its details, for JSON and binary routes alike", async () => {
    server.answer(() => ({
      status: 413,
      body: { error: { code: 'QUOTA_EXCEEDED', message: 'This would exceed your storage quota.', correlationId: 'corr-1', details: { remainingBytes: 42 } } },
    }));
    const quota = await routes.startUpload(NODE, { ciphertextSize: 100, partSize: 1024 * 1024 }).catch((error: unknown) => error);
    expect(quota).toBeInstanceOf(ApiError);
    expect(quota).toMatchObject({ status: 413, code: 'QUOTA_EXCEEDED', correlationId: 'corr-1', details: { remainingBytes: 42 } });

    server.answer(() => ({ status: 416, body: { error: { code: 'RANGE_NOT_SATISFIABLE', message: 'The requested byte range is outside the content.', correlationId: 'corr-2', details: { size: 9 } } } }));
    await expect(routes.getContent(NODE, { start: 20 })).rejects.toMatchObject({ status: 416, code: 'RANGE_NOT_SATISFIABLE', details: { size: 9 } });
    await expect(routes.putPart('up-1', 0, new Uint8Array(1), 'ab'.repeat(32))).rejects.toMatchObject({ code: 'RANGE_NOT_SATISFIABLE' });
  });

  it('sends nothing without a session', async () => {
    const signedOut = createDriveRoutesFor({ baseUrl: server.url, token: () => undefined });
    await expect(signedOut.getContent(NODE)).rejects.toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    await expect(signedOut.getRootNode()).rejects.toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(server.received).toEqual([]);
  });

  it('lets an aborted download or upload end as an abort, not as a network error', async () => {
    server.answer(() => ({ status: 200, body: 'x' }));
    const controller = new AbortController();
    controller.abort();
    const aborted = await routes.getContent(NODE, undefined, controller.signal).catch((error: unknown) => error);
    expect(aborted).not.toBeInstanceOf(ApiError);
    expect((aborted as Error).name).toBe('AbortError');
  });
});

/** Runs full garbage collections and lets finalization callbacks run between them. */
async function collectGarbage(): Promise<void> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  for (let round = 0; round < 3; round++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

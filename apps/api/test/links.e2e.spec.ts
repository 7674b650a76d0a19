// Share links end to end: the real API in this process on a fresh Postgres database and the local
// Redis, node records sealed and signed as clients do it, and the public routes called without
// any session. Every way a link can refuse is checked beside the ways it works.
import { randomBytes } from 'node:crypto';
import { deriveLinkKeys, createLinkId, createLinkSecret, linkAccessHash, sealLinkKey } from '@coffre/crypto/link';
import { createPasswordParams, encodePasswordParams, MIN_PASSWORD_COST } from '@coffre/crypto/password';
import { createTestDatabase, type TestDatabase } from '@coffre/db/testing';
import { createSharingRoutesFor } from '@coffre/sdk/sharing-routes';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, type TestAccount } from './support/accounts.js';
import { expectError } from './support/expect-error.js';
import { type Actor, call, createNode, expectJson, linkRequest, type TestNode, uploadVersion } from './support/sharing-drive.js';
import { startTestApp, type TestApp } from './support/start-test-app.js';

const REDIS_KEY_PREFIX = `coffre-test-links-${randomBytes(4).toString('hex')}:`;
const GRANT_HEADER = 'x-coffre-link-grant';

let database: TestDatabase | undefined;
let api: TestApp | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  // A known Redis prefix, so that a test can make a grant expire the way Redis would.
  api = await startTestApp({ DATABASE_URL: database.url, COFFRE_REDIS_KEY_PREFIX: REDIS_KEY_PREFIX });
});

afterAll(async () => {
  await api?.close();
  await database?.drop();
});

function url(): string {
  if (api === undefined) throw new Error('the API did not start');
  return api.url;
}

function actor(account: TestAccount): Actor {
  return { accountId: account.accountId, token: account.token, keys: account.keys };
}

const LINK_GONE = {
  LINK_EXPIRED: { code: 'LINK_EXPIRED', message: 'This link has expired.' },
  LINK_REVOKED: { code: 'LINK_REVOKED', message: 'This link was revoked by its owner.' },
  LINK_EXHAUSTED: { code: 'LINK_EXHAUSTED', message: 'This link has reached its download limit.' },
};
const UNAUTHENTICATED = { code: 'UNAUTHENTICATED', message: 'Authentication failed.' };
const NO_SUCH_LINK = { code: 'NOT_FOUND', message: 'No such link.' };
const NO_SUCH_NODE = { code: 'NOT_FOUND', message: 'No such file or folder.' };

// Ada's drive: root / docs (linked) / { a.txt, sub / b.txt }, and root / other / outside.txt.
let ada: Actor;
let eve: Actor;
let root: TestNode;
let docs: TestNode;
let sub: TestNode;
let fileA: TestNode;
let fileB: TestNode;
let other: TestNode;
let outside: TestNode;
const contentA = new Uint8Array(randomBytes(5000));
const contentB = new Uint8Array(randomBytes(300));

beforeAll(async () => {
  const [adaAccount, eveAccount] = await Promise.all([signUp(url(), 'ada'), signUp(url(), 'eve')]);
  ada = actor(adaAccount);
  eve = actor(eveAccount);
  root = await createNode(url(), ada, null);
  [docs, other] = await Promise.all([createNode(url(), ada, root), createNode(url(), ada, root)]);
  [sub, fileA, outside] = await Promise.all([createNode(url(), ada, docs), createNode(url(), ada, docs, 'file'), createNode(url(), ada, other, 'file')]);
  fileB = await createNode(url(), ada, sub, 'file');
  await Promise.all([uploadVersion(url(), ada, fileA, contentA), uploadVersion(url(), ada, fileB, contentB), uploadVersion(url(), ada, outside, new Uint8Array(randomBytes(100)))]);
});

interface LinkView {
  id: string;
  downloads: number;
  revokedAt: string | null;
}

/** Creates a link to `node` as `owner`; returns its id and the access token that opens it. */
async function createLink(node: TestNode, options: { expiresAt?: Date | null; maxDownloads?: number | null } = {}, owner = ada) {
  const { request, accessToken } = linkRequest(node, options);
  await expectJson(call(url(), 'POST', '/api/links', { actor: owner, body: request }), 201);
  return { linkId: request.id, accessToken };
}

function open(linkId: string, accessToken: string): Promise<Response> {
  return call(url(), 'POST', `/api/public/links/${linkId}/open`, { body: { accessToken } });
}

async function grantOf(linkId: string, accessToken: string): Promise<string> {
  return (await expectJson<{ grant: string }>(open(linkId, accessToken), 200)).grant;
}

function children(linkId: string, nodeId: string, grant: string | undefined, query = ''): Promise<Response> {
  return call(url(), 'GET', `/api/public/links/${linkId}/nodes/${nodeId}/children${query}`, { headers: grant === undefined ? {} : { [GRANT_HEADER]: grant } });
}

function content(linkId: string, nodeId: string, grant: string, range?: string): Promise<Response> {
  return call(url(), 'GET', `/api/public/links/${linkId}/files/${nodeId}/content`, { headers: { [GRANT_HEADER]: grant, ...(range && { range }) } });
}

async function storedDownloads(linkId: string): Promise<number | undefined> {
  return (await database!.prisma.link.findUnique({ where: { id: linkId } }))?.downloads;
}

describe('a folder link', () => {
  it('opens without an account, then lists the folder and below, and streams its files whole or by range', async () => {
    const { linkId, accessToken } = await createLink(docs, { maxDownloads: 10 });

    const described = await expectJson(call(url(), 'GET', `/api/public/links/${linkId}`), 200);
    expect(described).toEqual({ id: linkId, kind: 'folder', passwordParams: null, expiresAt: null, downloadsLeft: 10 });

    const opened = await expectJson<{ grant: string; grantExpiresAt: string; keyWrap: string; node: { id: string; kind: string } }>(open(linkId, accessToken), 200);
    expect(opened.grant).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Date(opened.grantExpiresAt).getTime() - Date.now()).toBeGreaterThan(3_590_000);
    expect(opened.node).toMatchObject({ id: docs.id, kind: 'folder', ownerId: ada.accountId });
    expect(await storedDownloads(linkId)).toBe(1);

    const page = await expectJson<{ items: { id: string }[]; nextCursor: string | null }>(children(linkId, docs.id, opened.grant), 200);
    expect(page.items.map((item) => item.id).sort()).toEqual([sub.id, fileA.id].sort());
    const firstOfOne = await expectJson<{ items: unknown[]; nextCursor: string | null }>(children(linkId, docs.id, opened.grant, '?limit=1'), 200);
    expect(firstOfOne.items).toHaveLength(1);
    expect(firstOfOne.nextCursor).not.toBeNull();
    const below = await expectJson<{ items: { id: string }[] }>(children(linkId, sub.id, opened.grant), 200);
    expect(below.items.map((item) => item.id)).toEqual([fileB.id]);

    const whole = await content(linkId, fileA.id, opened.grant);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('x-coffre-version')).toBe('1');
    expect(new Uint8Array(await whole.arrayBuffer())).toEqual(contentA);
    const range = await content(linkId, fileB.id, opened.grant, 'bytes=100-199');
    expect(range.status).toBe(206);
    expect(range.headers.get('content-range')).toBe(`bytes 100-199/${contentB.length}`);
    expect(new Uint8Array(await range.arrayBuffer())).toEqual(contentB.subarray(100, 200));

    // Listing and downloading spend nothing: the open did.
    expect(await storedDownloads(linkId)).toBe(1);
  });

  it('refuses nodes outside the linked folder, and what is in the trash until it is restored', async () => {
    const { linkId, accessToken } = await createLink(docs);
    const grant = await grantOf(linkId, accessToken);

    await expectError(await content(linkId, outside.id, grant), 404, NO_SUCH_NODE);
    await expectError(await children(linkId, other.id, grant), 404, NO_SUCH_NODE);
    await expectError(await children(linkId, root.id, grant), 404, NO_SUCH_NODE);

    await expectJson(call(url(), 'POST', `/api/nodes/${sub.id}/trash`, { actor: ada }), 200);
    try {
      await expectError(await children(linkId, sub.id, grant), 404, NO_SUCH_NODE);
      await expectError(await content(linkId, fileB.id, grant), 404, NO_SUCH_NODE);
      const page = await expectJson<{ items: { id: string }[] }>(children(linkId, docs.id, grant), 200);
      expect(page.items.map((item) => item.id)).toEqual([fileA.id]);
    } finally {
      await expectJson(call(url(), 'POST', `/api/nodes/${sub.id}/restore`, { actor: ada }), 200);
    }
    expect((await content(linkId, fileB.id, grant)).status).toBe(200);
  });

  it('answers a listing of a file and the content of a folder with 404', async () => {
    const { linkId, accessToken } = await createLink(docs);
    const grant = await grantOf(linkId, accessToken);
    await expectError(await children(linkId, fileA.id, grant), 404, NO_SUCH_NODE);
    await expectError(await content(linkId, sub.id, grant), 404, NO_SUCH_NODE);
  });
});

describe('the download limit', () => {
  it('admits exactly 3 of 50 simultaneous opens of a link limited to 3', async () => {
    const { linkId, accessToken } = await createLink(fileA, { maxDownloads: 3 });

    const answers = await Promise.all(Array.from({ length: 50 }, () => open(linkId, accessToken)));

    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(3);
    expect(statuses.filter((status) => status === 410)).toHaveLength(47);
    const refusals = await Promise.all(answers.filter((answer) => answer.status === 410).map(async (answer) => ((await answer.json()) as { error: { code: string } }).error.code));
    expect(new Set(refusals)).toEqual(new Set(['LINK_EXHAUSTED']));
    expect(await storedDownloads(linkId)).toBe(3);
    // Each success is a grant of its own, and each one works.
    const grants = await Promise.all(answers.filter((answer) => answer.status === 200).map(async (answer) => ((await answer.json()) as { grant: string }).grant));
    expect(new Set(grants).size).toBe(3);
    for (const grant of grants) expect((await content(linkId, fileA.id, grant)).status).toBe(200);
  });

  it('refuses the open after the last, and tells so before any open; the last grant still downloads', async () => {
    const { linkId, accessToken } = await createLink(fileA, { maxDownloads: 1 });
    const grant = await grantOf(linkId, accessToken);

    await expectError(await open(linkId, accessToken), 410, LINK_GONE.LINK_EXHAUSTED);
    await expectError(await call(url(), 'GET', `/api/public/links/${linkId}`), 410, LINK_GONE.LINK_EXHAUSTED);
    expect(await storedDownloads(linkId)).toBe(1);
    expect((await content(linkId, fileA.id, grant)).status).toBe(200);
  });
});

describe('refusals', () => {
  it('answers a wrong access token with 401, and spends nothing', async () => {
    const { linkId } = await createLink(fileA, { maxDownloads: 2 });
    await expectError(await open(linkId, Buffer.from(randomBytes(32)).toString('base64url')), 401, UNAUTHENTICATED);
    expect(await storedDownloads(linkId)).toBe(0);
    expect(await expectJson(call(url(), 'GET', `/api/public/links/${linkId}`), 200)).toMatchObject({ downloadsLeft: 2 });
  });

  it('answers an unknown link with 404 and a malformed id or token with 400', async () => {
    const unknown = createLinkId();
    await expectError(await call(url(), 'GET', `/api/public/links/${unknown}`), 404, NO_SUCH_LINK);
    await expectError(await open(unknown, Buffer.from(randomBytes(32)).toString('base64url')), 404, NO_SUCH_LINK);
    expect((await call(url(), 'GET', '/api/public/links/not-a-link-id')).status).toBe(400);
    const { linkId } = await createLink(fileA);
    expect((await open(linkId, 'short')).status).toBe(400);
    expect((await call(url(), 'POST', `/api/public/links/${linkId}/open`, { body: {} })).status).toBe(400);
  });

  it('refuses an expired link, and ends the grants it gave', async () => {
    const { linkId, accessToken } = await createLink(docs, { expiresAt: new Date(Date.now() + 3_600_000) });
    const grant = await grantOf(linkId, accessToken);
    // Expiry is compared with the time of each request: move it into the past.
    await database!.prisma.link.update({ where: { id: linkId }, data: { expiresAt: new Date(Date.now() - 1000) } });

    await expectError(await call(url(), 'GET', `/api/public/links/${linkId}`), 410, LINK_GONE.LINK_EXPIRED);
    await expectError(await open(linkId, accessToken), 410, LINK_GONE.LINK_EXPIRED);
    await expectError(await children(linkId, docs.id, grant), 410, LINK_GONE.LINK_EXPIRED);
    expect(await storedDownloads(linkId)).toBe(1);
  });

  it('refuses a revoked link, and ends the grants it gave; the owner still lists it, revoked', async () => {
    const { linkId, accessToken } = await createLink(docs);
    const grant = await grantOf(linkId, accessToken);

    await expectJson(call(url(), 'DELETE', `/api/links/${linkId}`, { actor: ada }), 204);

    await expectError(await call(url(), 'GET', `/api/public/links/${linkId}`), 410, LINK_GONE.LINK_REVOKED);
    await expectError(await open(linkId, accessToken), 410, LINK_GONE.LINK_REVOKED);
    await expectError(await children(linkId, docs.id, grant), 410, LINK_GONE.LINK_REVOKED);
    await expectError(await content(linkId, fileA.id, grant), 410, LINK_GONE.LINK_REVOKED);
    const mine = await listAll(ada);
    expect(mine.find((link) => link.id === linkId)?.revokedAt).not.toBeNull();
  });

  it("refuses another link's grant, a missing grant and an expired one", async () => {
    const first = await createLink(docs);
    const second = await createLink(docs);
    const secondGrant = await grantOf(second.linkId, second.accessToken);
    const firstGrant = await grantOf(first.linkId, first.accessToken);

    await expectError(await children(first.linkId, docs.id, secondGrant), 401, UNAUTHENTICATED);
    await expectError(await content(first.linkId, fileA.id, secondGrant), 401, UNAUTHENTICATED);
    await expectError(await children(first.linkId, docs.id, undefined), 401, UNAUTHENTICATED);
    expect((await children(first.linkId, docs.id, firstGrant)).status).toBe(200);

    // The grant lives in Redis for the configured hour; let Redis expire it as it would then.
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    try {
      const keys = await redis.keys(`${REDIS_KEY_PREFIX}link-grant:*`);
      const ttls = await Promise.all(keys.map((key) => redis.pttl(key)));
      expect(ttls.every((ttl) => ttl > 3_500_000 && ttl <= 3_600_000)).toBe(true);
      const values = await Promise.all(keys.map(async (key) => [key, await redis.get(key)] as const));
      const firstKeys = values.filter(([, value]) => value === first.linkId).map(([key]) => key);
      expect(firstKeys).toHaveLength(1);
      await redis.pexpire(firstKeys[0]!, 1);
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      redis.disconnect();
    }
    await expectError(await children(first.linkId, docs.id, firstGrant), 401, UNAUTHENTICATED);
  });

  it('stops working once its node is in the trash, and works again once restored', async () => {
    const { linkId, accessToken } = await createLink(sub);
    await expectJson(call(url(), 'POST', `/api/nodes/${docs.id}/trash`, { actor: ada }), 200);
    try {
      await expectError(await call(url(), 'GET', `/api/public/links/${linkId}`), 404, NO_SUCH_NODE);
      await expectError(await open(linkId, accessToken), 404, NO_SUCH_NODE);
      expect(await storedDownloads(linkId)).toBe(0);
    } finally {
      await expectJson(call(url(), 'POST', `/api/nodes/${docs.id}/restore`, { actor: ada }), 200);
    }
    expect((await open(linkId, accessToken)).status).toBe(200);
  });

  it('disappears with its node when the node is deleted', async () => {
    const doomed = await createNode(url(), ada, other, 'file');
    const { linkId, accessToken } = await createLink(doomed);
    await expectJson(call(url(), 'DELETE', `/api/nodes/${doomed.id}`, { actor: ada }), 204);
    await expectError(await call(url(), 'GET', `/api/public/links/${linkId}`), 404, NO_SUCH_LINK);
    await expectError(await open(linkId, accessToken), 404, NO_SUCH_LINK);
  });
});

describe('a password-protected link', () => {
  it('gives its Argon2id parameters to anyone, and opens only with the token derived with the password', async () => {
    const linkId = createLinkId();
    const secret = createLinkSecret();
    const params = encodePasswordParams(createPasswordParams(MIN_PASSWORD_COST));
    // Stands in for deriveLinkPasswordKey's output: what matters here is that it differs.
    const withPassword = deriveLinkKeys(secret, new Uint8Array(randomBytes(32)));
    const withoutPassword = deriveLinkKeys(secret);
    const keyWrap = sealLinkKey({ nodeKey: fileA.key, keys: withPassword, binding: { ownerId: ada.accountId, nodeId: fileA.id, linkId } });
    const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
    const request = {
      id: linkId,
      nodeId: fileA.id,
      keyWrap: b64(keyWrap),
      passwordParams: b64(params),
      accessHash: b64(linkAccessHash(withPassword.accessToken)),
      expiresAt: null,
      maxDownloads: 5,
    };
    expect(await expectJson(call(url(), 'POST', '/api/links', { actor: ada, body: request }), 201)).toMatchObject({ hasPassword: true, kind: 'file' });

    expect(await expectJson(call(url(), 'GET', `/api/public/links/${linkId}`), 200)).toMatchObject({ kind: 'file', passwordParams: b64(params) });
    await expectError(await open(linkId, b64(withoutPassword.accessToken)), 401, UNAUTHENTICATED);
    const opened = await expectJson<{ keyWrap: string }>(open(linkId, b64(withPassword.accessToken)), 200);
    expect(opened.keyWrap).toBe(request.keyWrap);
    expect(await storedDownloads(linkId)).toBe(1);
  });
});

describe('creating and managing links', () => {
  it("refuses a link to another account's node, and another account's link on revoke", async () => {
    const { request } = linkRequest(docs);
    await expectError(await call(url(), 'POST', '/api/links', { actor: eve, body: request }), 404, NO_SUCH_NODE);
    const { linkId } = await createLink(docs);
    await expectError(await call(url(), 'DELETE', `/api/links/${linkId}`, { actor: eve }), 404, NO_SUCH_LINK);
    expect((await listAll(eve)).map((link) => link.id)).not.toContain(linkId);
    await expectError(await call(url(), 'GET', '/api/links'), 401, UNAUTHENTICATED);
  });

  it('refuses an expiry in the past, a taken id, a wrong wrap and a node in the trash', async () => {
    const past = linkRequest(fileA, { expiresAt: new Date(Date.now() - 1000) }).request;
    await expectError(await call(url(), 'POST', '/api/links', { actor: ada, body: past }), 400, {
      code: 'VALIDATION_FAILED',
      message: 'The request is invalid.',
      issues: [{ path: 'body.expiresAt', message: 'must be in the future' }],
    });
    const { request } = linkRequest(fileA);
    await expectJson(call(url(), 'POST', '/api/links', { actor: ada, body: request }), 201);
    await expectError(await call(url(), 'POST', '/api/links', { actor: ada, body: { ...linkRequest(fileB).request, id: request.id } }), 409, {
      code: 'CONFLICT',
      message: 'A link with this id exists already; choose another id.',
    });
    const withParams = { ...linkRequest(fileA).request, passwordParams: Buffer.from(encodePasswordParams(createPasswordParams(MIN_PASSWORD_COST))).toString('base64url') };
    expect((await call(url(), 'POST', '/api/links', { actor: ada, body: withParams })).status).toBe(400);
    expect((await call(url(), 'POST', '/api/links', { actor: ada, body: { ...linkRequest(fileA).request, maxDownloads: 0 } })).status).toBe(400);

    const trashed = await createNode(url(), ada, other, 'file');
    await expectJson(call(url(), 'POST', `/api/nodes/${trashed.id}/trash`, { actor: ada }), 200);
    await expectError(await call(url(), 'POST', '/api/links', { actor: ada, body: linkRequest(trashed).request }), 404, NO_SUCH_NODE);
  });

  it('lists my links newest first, page by page, with their counts', async () => {
    const fresh = await signUp(url(), 'lister');
    const owner = actor(fresh);
    const folder = await createNode(url(), owner, await createNode(url(), owner, null));
    const created: string[] = [];
    for (let i = 0; i < 3; i++) created.push((await createLink(folder, { maxDownloads: 5 }, owner)).linkId);

    const first = await expectJson<{ items: LinkView[]; nextCursor: string | null }>(call(url(), 'GET', '/api/links?limit=2', { actor: owner }), 200);
    expect(first.items.map((link) => link.id)).toEqual([created[2], created[1]]);
    const second = await expectJson<{ items: LinkView[]; nextCursor: string | null }>(
      call(url(), 'GET', `/api/links?limit=2&cursor=${first.nextCursor}`, { actor: owner }),
      200,
    );
    expect(second.items.map((link) => link.id)).toEqual([created[0]]);
    expect(second.nextCursor).toBeNull();
    expect((await call(url(), 'GET', '/api/links?cursor=bogus', { actor: owner })).status).toBe(400);
  });
});

async function listAll(owner: Actor): Promise<LinkView[]> {
  return (await expectJson<{ items: LinkView[] }>(call(url(), 'GET', '/api/links?limit=500', { actor: owner }), 200)).items;
}

describe("the SDK's sharing routes", () => {
  it('create, list, open, browse, download and revoke a link', async () => {
    const signedIn = createSharingRoutesFor({ baseUrl: url(), token: () => ada.token });
    const anyone = createSharingRoutesFor({ baseUrl: url() });
    const { request, accessToken } = linkRequest(docs, { maxDownloads: 2 });

    const created = await signedIn.createLink(request);
    expect(created).toMatchObject({ id: request.id, kind: 'folder', maxDownloads: 2, downloads: 0 });
    expect((await signedIn.listLinks({ limit: 500 })).items.map((link) => link.id)).toContain(request.id);

    expect(await anyone.getPublicLink(request.id)).toMatchObject({ kind: 'folder', downloadsLeft: 2 });
    const { grant } = await anyone.openLink(request.id, { accessToken });
    const page = await anyone.listLinkChildren(request.id, docs.id, grant, { limit: 10 });
    expect(page.items.map((node) => node.id).sort()).toEqual([sub.id, fileA.id].sort());
    const range = await anyone.getLinkContent(request.id, fileA.id, grant, { start: 1000, end: 1100 });
    expect(range).toMatchObject({ status: 206, version: 1, length: 100, size: contentA.length });
    expect(new Uint8Array(await new Response(range.body).arrayBuffer())).toEqual(contentA.subarray(1000, 1100));

    await signedIn.revokeLink(request.id);
    await expect(anyone.getPublicLink(request.id)).rejects.toMatchObject({ status: 410, code: 'LINK_REVOKED' });
    await expect(anyone.openLink(request.id, { accessToken })).rejects.toMatchObject({ status: 410, code: 'LINK_REVOKED' });
  });
});

describe('OpenAPI', () => {
  it('documents the link routes', async () => {
    const document = await expectJson<{ paths: Record<string, unknown> }>(call(url(), 'GET', '/api/docs/openapi.json'), 200);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/links',
        '/api/links/{id}',
        '/api/public/links/{id}',
        '/api/public/links/{id}/open',
        '/api/public/links/{id}/nodes/{nodeId}/children',
        '/api/public/links/{id}/files/{nodeId}/content',
      ]),
    );
  });
});

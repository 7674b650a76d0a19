// Guessing a link's access token (in practice, its password) is limited per link and per client
// address: wrong tokens are counted, right ones are not, and past the limit even the right token
// is refused the same way, so that a guess made there learns nothing.
import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@coffre/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp } from './support/accounts.js';
import { expectError } from './support/expect-error.js';
import { type Actor, call, createNode, expectJson, linkRequest, type TestNode } from './support/sharing-drive.js';
import { startTestApp, type TestApp } from './support/start-test-app.js';

// Long enough that a loaded machine sends the attempts of one test within one window.
const WINDOW_SECONDS = 5;
const RATE_LIMITED = { code: 'RATE_LIMITED', message: 'Too many requests; try again later.' };
const UNAUTHENTICATED = { code: 'UNAUTHENTICATED', message: 'Authentication failed.' };

let database: TestDatabase | undefined;
/** Three wrong tokens per link and window; addresses unlimited in practice. */
let perLink: TestApp | undefined;
/** Three wrong tokens per address and window, across links. */
let perIp: TestApp | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  const limits = { DATABASE_URL: database.url, COFFRE_LINK_OPEN_RATE_LIMIT_WINDOW_SECONDS: String(WINDOW_SECONDS) };
  [perLink, perIp] = await Promise.all([
    startTestApp({ ...limits, COFFRE_LINK_OPEN_RATE_LIMIT_PER_LINK: '3', COFFRE_LINK_OPEN_RATE_LIMIT_PER_IP: '1000' }),
    startTestApp({ ...limits, COFFRE_LINK_OPEN_RATE_LIMIT_PER_LINK: '1000', COFFRE_LINK_OPEN_RATE_LIMIT_PER_IP: '3' }),
  ]);
});

afterAll(async () => {
  await Promise.all([perLink?.close(), perIp?.close()]);
  await database?.drop();
});

let owner: Actor;
let folder: TestNode;

beforeAll(async () => {
  const account = await signUp(perLink!.url, 'owner');
  owner = { accountId: account.accountId, token: account.token, keys: account.keys };
  folder = await createNode(perLink!.url, owner, await createNode(perLink!.url, owner, null));
});

async function newLink() {
  const { request, accessToken } = linkRequest(folder);
  await expectJson(call(perLink!.url, 'POST', '/api/links', { actor: owner, body: request }), 201);
  return { linkId: request.id, accessToken };
}

function open(api: TestApp | undefined, linkId: string, accessToken: string): Promise<Response> {
  return call(api!.url, 'POST', `/api/public/links/${linkId}/open`, { body: { accessToken } });
}

const wrongToken = () => Buffer.from(randomBytes(32)).toString('base64url');

function sleep(seconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, seconds * 1000));
}

describe('per link', () => {
  it('answers three wrong tokens with 401, then refuses any token with 429 until the window ends', async () => {
    const { linkId, accessToken } = await newLink();
    for (let attempt = 0; attempt < 3; attempt++) await expectError(await open(perLink, linkId, wrongToken()), 401, UNAUTHENTICATED);

    const limited = await open(perLink, linkId, wrongToken());
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
    await expectError(limited, 429, RATE_LIMITED);
    await expectError(await open(perLink, linkId, accessToken), 429, RATE_LIMITED);
    expect((await database!.prisma.link.findUnique({ where: { id: linkId } }))?.downloads).toBe(0);

    // Another link is not held back by this one's budget.
    const other = await newLink();
    expect((await open(perLink, other.linkId, other.accessToken)).status).toBe(200);

    await sleep(retryAfter);
    expect((await open(perLink, linkId, accessToken)).status).toBe(200);
  });

  it('never counts the right token: a link opens more often than the limit', async () => {
    const { linkId, accessToken } = await newLink();
    for (let attempt = 0; attempt < 6; attempt++) expect((await open(perLink, linkId, accessToken)).status).toBe(200);
  });

  it('admits no more than the limit of wrong tokens sent all at once', async () => {
    const { linkId } = await newLink();
    const answers = await Promise.all(Array.from({ length: 20 }, () => open(perLink, linkId, wrongToken())));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(3);
    expect(statuses.filter((status) => status === 429)).toHaveLength(17);
  });
});

describe('per client address', () => {
  it('limits one address across links', async () => {
    const links = await Promise.all([newLink(), newLink(), newLink(), newLink()]);
    for (const { linkId } of links.slice(0, 3)) await expectError(await open(perIp, linkId, wrongToken()), 401, UNAUTHENTICATED);

    const last = links[3]!;
    await expectError(await open(perIp, last.linkId, last.accessToken), 429, RATE_LIMITED);
    // Reading a link's public description is not an attempt: it stays open.
    expect((await call(perIp!.url, 'GET', `/api/public/links/${last.linkId}`)).status).toBe(200);

    await sleep(WINDOW_SECONDS);
    expect((await open(perIp, last.linkId, last.accessToken)).status).toBe(200);
  });
});

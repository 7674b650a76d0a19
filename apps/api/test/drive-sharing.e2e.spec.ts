// Links and shares through the SDK against the real API: links to files and folders, with and
// without a password, limits, expiry and revocation, opened without an account; folders shared
// between two accounts, read-only and read-write.
import { MIN_PASSWORD_COST } from '@coffre/crypto/password';
import { createTestDatabase } from '@coffre/db/testing';
import { type DriveNode, DriveError, bytesSource, createPublicLinkHttpApi, openLink } from '@coffre/sdk/drive';
import { ApiError } from '@coffre/sdk/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DriveAccount, patternBytes, readStream, signUpWithDrive } from './support/drive-session.js';
import { startTestApp, type TestApp } from './support/start-test-app.js';

let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
let api: TestApp | undefined;
let ada: DriveAccount;
let grace: DriveAccount;
const cheap = { passwordCost: MIN_PASSWORD_COST };

beforeAll(async () => {
  database = await createTestDatabase();
  api = await startTestApp({ DATABASE_URL: database.url });
  [ada, grace] = await Promise.all([signUpWithDrive(api.url, 'ada'), signUpWithDrive(api.url, 'grace')]);
});

afterAll(async () => {
  await api?.close();
  await database?.drop();
});

const anonymous = () => createPublicLinkHttpApi({ baseUrl: api!.url });

async function failure(attempt: Promise<unknown>): Promise<unknown> {
  return attempt.then(
    () => {
      throw new Error('expected a failure');
    },
    (thrown: unknown) => thrown,
  );
}

async function workspace(account: DriveAccount, name: string): Promise<DriveNode> {
  return account.drive.mkdir(await account.drive.root(), name);
}

describe('links', () => {
  it('opens a file link without an account and downloads the file; the server never sees the key', async () => {
    const base = await workspace(ada, 'link-file');
    const bytes = patternBytes(700_000, 21);
    const { node } = await ada.drive.upload(bytesSource(bytes), { parent: base, name: 'report.pdf' });
    const { url, link } = await ada.drive.createLink(node, { base: 'https://coffre.example' });
    expect(url).toMatch(/^https:\/\/coffre\.example\/s\/[A-Za-z0-9_-]{22}#[A-Za-z0-9_-]{43}$/);
    expect(link).toMatchObject({ nodeId: node.id, kind: 'file', hasPassword: false, downloads: 0 });
    const secret = url.split('#')[1]!;
    const stored = await database!.prisma.link.findUniqueOrThrow({ where: { id: link.id } });
    const storedText = [stored.id, stored.nodeId, ...[stored.keyWrap, stored.accessHash].map((bytes) => Buffer.from(bytes).toString('base64url'))].join(' ');
    expect(storedText).not.toContain(secret);

    const session = await openLink(anonymous(), url);
    expect(session.node).toMatchObject({ id: node.id, name: 'report.pdf', size: bytes.length });
    expect((await readStream((await session.download(session.node)).stream)).equals(Buffer.from(bytes))).toBe(true);
    const range = await session.download(session.node, { start: 300_000, end: 300_100 });
    expect((await readStream(range.stream)).equals(Buffer.from(bytes.subarray(300_000, 300_100)))).toBe(true);
    expect((await ada.drive.listLinks()).find((entry) => entry.id === link.id)?.downloads).toBe(1);
  });

  it('opens a folder link and walks and downloads every file below it', async () => {
    const base = await workspace(ada, 'link-folder');
    const sub = await ada.drive.mkdir(base, 'sub');
    const files = { 'a.txt': patternBytes(10, 1), 'sub/b.bin': patternBytes(300_000, 2), 'sub/empty': new Uint8Array(0) };
    await ada.drive.upload(bytesSource(files['a.txt']), { parent: base, name: 'a.txt' });
    await ada.drive.upload(bytesSource(files['sub/b.bin']), { parent: sub, name: 'b.bin' });
    await ada.drive.upload(bytesSource(files['sub/empty']), { parent: sub, name: 'empty' });
    const { url } = await ada.drive.createLink(base, { base: api!.url });

    const session = await openLink(anonymous(), url);
    const seen: Record<string, Buffer> = {};
    for await (const { path, node } of session.walk()) seen[path] = await readStream((await session.download(node)).stream);
    expect(Object.keys(seen).sort()).toEqual(Object.keys(files).sort());
    for (const [path, bytes] of Object.entries(files)) expect(seen[path]!.equals(Buffer.from(bytes))).toBe(true);
  });

  it('asks for the password of a protected link, refuses a wrong one clearly, and opens with the right one', async () => {
    const base = await workspace(ada, 'link-password');
    const bytes = patternBytes(5000, 3);
    const { node } = await ada.drive.upload(bytesSource(bytes), { parent: base, name: 'secret.txt' });
    const { url, link } = await ada.drive.createLink(node, { base: 'https://coffre.example', password: 'open sesame, please', ...cheap });
    expect(link.hasPassword).toBe(true);

    expect(await failure(openLink(anonymous(), url))).toMatchObject({ code: 'PASSWORD_REQUIRED' });
    const wrong = await failure(openLink(anonymous(), url, { password: 'open sesame, pretty please' }));
    expect(wrong).toBeInstanceOf(DriveError);
    expect(wrong).toMatchObject({ code: 'WRONG_PASSWORD', message: 'Wrong password for this link.' });
    // A wrong password spends nothing.
    expect((await ada.drive.listLinks()).find((entry) => entry.id === link.id)?.downloads).toBe(0);

    const session = await openLink(anonymous(), url, { password: 'open sesame, please' });
    expect((await readStream((await session.download(session.node)).stream)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('refuses a link whose key was cut or altered, and malformed links with what is wrong', async () => {
    const base = await workspace(ada, 'link-broken');
    const { node } = await ada.drive.upload(bytesSource(patternBytes(100, 4)), { parent: base, name: 'x' });
    const { url } = await ada.drive.createLink(node, { base: 'https://coffre.example' });
    const [head, secret] = url.split('#') as [string, string];
    const altered = `${head}#${secret[0] === 'A' ? 'B' : 'A'}${secret.slice(1)}`;
    expect(await failure(openLink(anonymous(), altered))).toMatchObject({ code: 'WRONG_PASSWORD', message: expect.stringMatching(/key in this link is wrong/) });
    expect(await failure(openLink(anonymous(), head))).toMatchObject({ code: 'INVALID_LINK', message: expect.stringMatching(/no key after "#"/) });
    expect(await failure(openLink(anonymous(), `${head}#${secret.slice(0, 30)}`))).toMatchObject({ code: 'INVALID_LINK' });
    expect(await failure(openLink(anonymous(), 'https://coffre.example/files/abc'))).toMatchObject({ code: 'INVALID_LINK' });
  });

  it('stops a link at its download limit, at its expiry, and once revoked', async () => {
    const base = await workspace(ada, 'link-limits');
    const { node } = await ada.drive.upload(bytesSource(patternBytes(100, 5)), { parent: base, name: 'x' });
    const once = await ada.drive.createLink(node, { base: 'https://coffre.example', maxDownloads: 1 });
    await openLink(anonymous(), once.url);
    const exhausted = await failure(openLink(anonymous(), once.url));
    expect(exhausted).toBeInstanceOf(ApiError);
    expect(exhausted).toMatchObject({ code: 'LINK_EXHAUSTED' });

    const revocable = await ada.drive.createLink(node, { base: 'https://coffre.example' });
    await ada.drive.revokeLink(revocable.link.id);
    expect(await failure(openLink(anonymous(), revocable.url))).toMatchObject({ code: 'LINK_REVOKED' });

    const expiring = await ada.drive.createLink(node, { base: 'https://coffre.example', expiresAt: new Date(Date.now() + 60_000) });
    await database!.prisma.link.update({ where: { id: expiring.link.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await failure(openLink(anonymous(), expiring.url))).toMatchObject({ code: 'LINK_EXPIRED' });
  });

  it("refuses a link whose wrap the server swapped for another link's", async () => {
    const base = await workspace(ada, 'link-swap');
    const { node } = await ada.drive.upload(bytesSource(patternBytes(100, 6)), { parent: base, name: 'x' });
    const first = await ada.drive.createLink(node, { base: 'https://coffre.example' });
    const second = await ada.drive.createLink(node, { base: 'https://coffre.example' });
    const wrap = (await database!.prisma.link.findUniqueOrThrow({ where: { id: second.link.id } })).keyWrap;
    await database!.prisma.link.update({ where: { id: first.link.id }, data: { keyWrap: wrap } });
    expect(await failure(openLink(anonymous(), first.url))).toMatchObject({ code: 'TAMPERED' });
  });
});

describe('shares', () => {
  it('shares a folder read-only: the recipient accepts, browses and downloads, and cannot write', async () => {
    const folder = await workspace(ada, 'shared-read');
    const bytes = patternBytes(400_000, 31);
    await ada.drive.upload(bytesSource(bytes), { parent: folder, name: 'plan.txt' });
    const { share, contact } = await ada.drive.share(folder, grace.email, 'read');
    expect(contact).toMatchObject({ accountId: grace.accountId, firstSeen: true });
    expect(share).toMatchObject({ nodeId: folder.id, recipientId: grace.accountId, role: 'read', acceptedAt: null });

    const { incoming } = await grace.drive.listShares();
    expect(incoming.map((entry) => entry.id)).toContain(share.id);
    expect(await grace.drive.listShared()).toEqual([]);
    const root = await grace.drive.acceptShare(share.id);
    expect(root).toMatchObject({ id: folder.id, name: 'shared-read', shared: { shareId: share.id, role: 'read', ownerId: ada.accountId } });
    expect((await grace.drive.listShared()).map((node) => node.id)).toEqual([folder.id]);
    const file = await grace.drive.resolve('plan.txt', root);
    expect((await readStream((await grace.drive.download(file)).stream)).equals(Buffer.from(bytes))).toBe(true);

    const refused = await failure(grace.drive.upload(bytesSource(new Uint8Array([1])), { parent: root, name: 'intruder.txt' }));
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ code: 'NOT_FOUND' });
    expect((await ada.drive.list(folder)).map((node) => node.name)).toEqual(['plan.txt']);
  });

  it("shares a folder read-write: each side verifies the other's signed writes", async () => {
    const folder = await workspace(ada, 'shared-write');
    const { share } = await ada.drive.share(folder, grace.email, 'write');
    const root = await grace.drive.acceptShare(share.id);
    const bytes = patternBytes(1_300_000, 32);
    const { node } = await grace.drive.upload(bytesSource(bytes), { parent: root, name: 'from-grace.bin' });
    expect(node).toMatchObject({ ownerId: ada.accountId, writerId: grace.accountId });
    await grace.drive.mkdir(root, 'grace-folder');

    // Ada's drive finds Grace through its outgoing share, checked against the pin.
    const seen = await ada.drive.list(folder);
    expect(seen.map((child) => [child.name, child.writerId])).toEqual([
      ['from-grace.bin', grace.accountId],
      ['grace-folder', grace.accountId],
    ]);
    expect((await readStream((await ada.drive.download(seen[0]!)).stream)).equals(Buffer.from(bytes))).toBe(true);

    const renamed = await ada.drive.rename(seen[0]!, 'renamed-by-ada.bin');
    const seenByGrace = await grace.drive.list(root);
    expect(seenByGrace.find((child) => child.id === renamed.id)).toMatchObject({ name: 'renamed-by-ada.bin', writerId: ada.accountId });
  });

  it("leaves and revokes: the folder is gone from the recipient's drive", async () => {
    const folder = await workspace(ada, 'shared-gone');
    const { share } = await ada.drive.share(folder, grace.email, 'read');
    await grace.drive.acceptShare(share.id);
    await grace.drive.deleteShare(share.id);
    expect((await grace.drive.listShared()).map((node) => node.id)).not.toContain(folder.id);

    const again = await ada.drive.share(folder, grace.email, 'read');
    await grace.drive.acceptShare(again.share.id);
    await ada.drive.deleteShare(again.share.id);
    expect((await grace.drive.listShared()).map((node) => node.id)).not.toContain(folder.id);
    expect(await failure(grace.drive.get(folder.id))).toBeDefined();
  });

  it("refuses a share whose sealed key was swapped for another share's, before accepting it", async () => {
    const [one, two] = [await workspace(ada, 'shared-one'), await workspace(ada, 'shared-two')];
    const first = await ada.drive.share(one, grace.email, 'read');
    const second = await ada.drive.share(two, grace.email, 'read');
    const sealed = (await database!.prisma.share.findUniqueOrThrow({ where: { id: second.share.id } })).sealedKey;
    await database!.prisma.share.update({ where: { id: first.share.id }, data: { sealedKey: sealed } });
    expect(await failure(grace.drive.acceptShare(first.share.id))).toMatchObject({ code: 'TAMPERED' });
    expect((await database!.prisma.share.findUniqueOrThrow({ where: { id: first.share.id } })).acceptedAt).toBeNull();
  });

  it('refuses to share with an account whose keys changed since they were pinned', async () => {
    await ada.drive.share(await workspace(ada, 'shared-pinned'), grace.email, 'read'); // pins Grace's keys
    const account = await database!.prisma.account.findUniqueOrThrow({ where: { id: grace.accountId } });
    const mallory = await signUpWithDrive(api!.url, 'mallory');
    const impostor = await database!.prisma.account.findUniqueOrThrow({ where: { id: mallory.accountId } });
    // The directory now answers Grace's email with Mallory's public keys.
    const keysOf = (from: typeof account) => ({ sharingPublicKey: from.sharingPublicKey, signingPublicKey: from.signingPublicKey });
    await database!.prisma.account.update({ where: { id: grace.accountId }, data: keysOf(impostor) });
    try {
      expect(await failure(ada.drive.share(await workspace(ada, 'shared-pinned-2'), grace.email, 'read'))).toMatchObject({ code: 'KEY_CHANGED' });
    } finally {
      await database!.prisma.account.update({ where: { id: grace.accountId }, data: keysOf(account) });
    }
  });
});

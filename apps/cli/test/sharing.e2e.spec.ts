// Links and shares through the real `coffre` against the real API: share, links, unshare,
// shares, fetch (no account), with passwords, expiry, download limits and revocation, and
// folders shared between two accounts.
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiServer, startApi } from './support/api-server.js';
import { type SignedUpUser, Users } from './support/accounts.js';
import { TempDirs, randomFile, treeOf } from './support/files.js';

let api: ApiServer;
const users = new Users(() => api.url);
const dirs = new TempDirs();
let ada: SignedUpUser;
let work: string;
let report: Buffer;

beforeAll(async () => {
  api = await startApi();
  ada = await users.signedUp('sharer');
  work = await dirs.make();
  report = await randomFile(path.join(work, 'report.bin'), 1_500_000);
  await randomFile(path.join(work, 'album', 'one.bin'), 1000);
  await randomFile(path.join(work, 'album', 'inner', 'two.bin'), 70_000);
  await mkdir(path.join(work, 'album', 'empty', 'deeper'), { recursive: true });
  const put = await ada.user.run(['put', path.join(work, 'report.bin'), path.join(work, 'album'), '/']);
  expect(put, put.stderr).toMatchObject({ code: 0 });
});

afterAll(async () => {
  await users.removeAll();
  await dirs.removeAll();
  await api?.stop();
});

interface LinkJson {
  url: string;
  link: { id: string; nodeId: string; kind: string; hasPassword: boolean; expiresAt: string | null; maxDownloads: number | null; downloads: number };
}

async function share(args: string[], env: Record<string, string> = {}): Promise<LinkJson> {
  return ada.user.json<LinkJson>(['share', ...args], env);
}

describe('links', () => {
  it('share prints the URL alone on stdout, with its key only after "#", on the web drive beside the API', async () => {
    const result = await ada.user.run(['share', '/report.bin']);
    expect(result.code).toBe(0);
    const url = result.stdout.trim();
    expect(url).toMatch(new RegExp(`^${api.url.replace(/[.]/g, '\\.')}/s/[A-Za-z0-9_-]{22}#[A-Za-z0-9_-]{43}$`));
    expect(result.stderr).toMatch(/^coffre: link [A-Za-z0-9_-]{22} to \/report\.bin; anyone with the whole link can open it\.\n$/);
    // The link base follows COFFRE_WEB_URL when it is set.
    const custom = await ada.user.json<LinkJson>(['share', '/report.bin'], { COFFRE_WEB_URL: 'https://drive.coffre.example/' });
    expect(custom.url).toMatch(/^https:\/\/drive\.coffre\.example\/s\//);
  });

  it('fetch downloads a file link without any account, byte for byte', async () => {
    const { url, link } = await share(['/report.bin']);
    expect(link).toMatchObject({ kind: 'file', hasPassword: false, expiresAt: null, maxDownloads: null, downloads: 0 });
    const stranger = await users.fresh();
    const out = await dirs.make();

    const result = await stranger.run(['fetch', url, path.join(out, 'got.bin')]);
    expect(result).toMatchObject({ code: 0, stdout: `${path.join(out, 'got.bin')}  1.4 MiB\n` });
    expect((await readFile(path.join(out, 'got.bin'))).equals(report)).toBe(true);
    // Into an existing folder, under the file's own name.
    expect((await stranger.run(['fetch', url, out])).code).toBe(0);
    expect((await readFile(path.join(out, 'report.bin'))).equals(report)).toBe(true);
  });

  it('fetch downloads a folder link, the whole tree byte for byte, empty folders included', async () => {
    const { url } = await share(['/album']);
    const stranger = await users.fresh();
    const out = path.join(await dirs.make(), 'album-copy');
    const result = await stranger.json<{ kind: string; files: unknown[] }>(['fetch', url, out]);
    expect(result.kind).toBe('folder');
    expect(result.files).toHaveLength(2);
    expect(await treeOf(out)).toEqual(await treeOf(path.join(work, 'album')));
  });

  it('a password link: no password exits 2, a wrong one 3 (spending nothing), the right one downloads', async () => {
    const { url, link } = await share(['/report.bin', '--password', '--downloads', '1'], { COFFRE_LINK_PASSWORD: 'open sesame' });
    expect(link.hasPassword).toBe(true);
    const stranger = await users.fresh();
    const out = await dirs.make();

    expect(await stranger.run(['fetch', url, path.join(out, 'a.bin')])).toMatchObject({
      code: 2,
      stderr: 'coffre: This link is protected by a password: set COFFRE_LINK_PASSWORD, or run coffre in a terminal to be asked. [NO_SECRET]\n',
    });
    expect(await stranger.run(['fetch', url, path.join(out, 'a.bin')], { COFFRE_LINK_PASSWORD: 'open sesame?' })).toMatchObject({
      code: 3,
      stderr: 'coffre: Wrong password for this link. [WRONG_PASSWORD]\n',
    });
    // Wrong passwords did not use up the single download.
    expect((await stranger.run(['fetch', url, path.join(out, 'a.bin')], { COFFRE_LINK_PASSWORD: 'open sesame' })).code).toBe(0);
    expect((await readFile(path.join(out, 'a.bin'))).equals(report)).toBe(true);
    expect(await readdir(out)).toEqual(['a.bin']);
  });

  it('a link limited to 2 downloads works twice, then exits 7', async () => {
    const { url } = await share(['/report.bin', '--downloads', '2']);
    const stranger = await users.fresh();
    const out = await dirs.make();
    expect((await stranger.run(['fetch', url, path.join(out, '1.bin')])).code).toBe(0);
    expect((await stranger.run(['fetch', url, path.join(out, '2.bin')])).code).toBe(0);
    const third = await stranger.run(['fetch', url, path.join(out, '3.bin')]);
    expect(third.code).toBe(7);
    expect(third.stderr).toMatch(/\[LINK_EXHAUSTED\]\n$/);
    expect(await readdir(out)).toEqual(['1.bin', '2.bin']);
  });

  it('an expired link exits 7', async () => {
    const { url, link } = await share(['/report.bin', '--expires', '1h']);
    expect(Date.parse(link.expiresAt!) - Date.now()).toBeGreaterThan(59 * 60_000);
    // An hour passes (as far as the server can tell).
    await api.database.prisma.$executeRawUnsafe(`UPDATE links SET expires_at = now() - interval '1 second' WHERE id = '${link.id}'`);
    const result = await (await users.fresh()).run(['fetch', url, path.join(await dirs.make(), 'x.bin')]);
    expect(result.code).toBe(7);
    expect(result.stderr).toMatch(/\[LINK_EXPIRED\]\n$/);
  });

  it('unshare revokes a link by id or by URL; fetch then exits 7', async () => {
    const first = await share(['/report.bin']);
    const second = await share(['/report.bin']);
    expect(await ada.user.run(['unshare', first.link.id])).toMatchObject({ code: 0, stdout: `Link ${first.link.id} revoked.\n` });
    expect((await ada.user.run(['unshare', second.url])).code).toBe(0);
    const stranger = await users.fresh();
    for (const { url } of [first, second]) {
      const result = await stranger.run(['fetch', url, path.join(await dirs.make(), 'x.bin')]);
      expect(result.code).toBe(7);
      expect(result.stderr).toMatch(/\[LINK_REVOKED\]\n$/);
    }
  });

  it('links lists every link with its path, limits and state', async () => {
    const { link } = await share(['/album', '--downloads', '5', '--expires', '2026-12-31'], {});
    const { links } = await ada.user.json<{ links: { id: string; path: string; state: string; maxDownloads: number | null; kind: string }[] }>(['links']);
    expect(links.find((entry) => entry.id === link.id)).toMatchObject({ path: '/album', state: 'active', maxDownloads: 5, kind: 'folder' });
    expect(links.some((entry) => entry.state === 'revoked')).toBe(true);
    expect(links.some((entry) => entry.state === 'used up')).toBe(true);
    expect(links.some((entry) => entry.state === 'expired')).toBe(true);
    const text = await ada.user.run(['links']);
    expect(text.stdout.split('\n')[0]).toMatch(/^ID +STATE +DOWNLOADS +EXPIRES +PASSWORD +MADE BY +PATH$/);
    expect(text.stdout).toMatch(new RegExp(`^${link.id} +active +0/5 .* no +you +/album$`, 'm'));
  });

  it('refuses bad options and bad links before anything is created', async () => {
    const before = (await ada.user.json<{ links: unknown[] }>(['links'])).links.length;
    for (const args of [
      ['share', '/report.bin', '--expires', 'tomorrow'],
      ['share', '/report.bin', '--expires', '2020-01-01'],
      ['share', '/report.bin', '--downloads', '0'],
      ['share', '/album', '--with', 'x@example.org', '--downloads', '2'],
      ['share', '/report.bin', '--write'],
    ]) {
      expect((await ada.user.run(args)).code, args.join(' ')).toBe(2);
    }
    expect((await ada.user.json<{ links: unknown[] }>(['links'])).links).toHaveLength(before);
    expect((await ada.user.run(['share', '/missing.bin'])).code).toBe(4);

    const stranger = await users.fresh();
    const malformed = await stranger.run(['fetch', `${api.url}/s/short#key`, path.join(await dirs.make(), 'x')]);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/^coffre: This is not a valid Coffre link: .+ \[INVALID_LINK\]\n$/);
    const cut = (await share(['/report.bin'])).url.slice(0, -10);
    expect((await stranger.run(['fetch', cut, path.join(await dirs.make(), 'x')])).code).toBe(2);
  });
});

describe('shares with accounts', () => {
  it('a folder shared for writing: the recipient accepts, reads it byte for byte, and adds to it', async () => {
    const owner = await users.signedUp('owner');
    const friend = await users.signedUp('friend');
    await owner.user.run(['put', path.join(work, 'album'), '/']);

    const shared = await owner.user.run(['share', '/album', '--with', friend.email, '--write']);
    expect(shared.code).toBe(0);
    expect(shared.stderr).toMatch(new RegExp(`first share with ${friend.email.replace(/[.]/g, '\\.')}; their key fingerprint is \\d{5}( \\d{5}){5}\\.`));
    const shareId = /share ([0-9a-f-]{36})\./.exec(shared.stdout)![1]!;

    const offered = await friend.user.json<{ incoming: { id: string; acceptedAt: string | null; role: string; ownerEmail: string }[] }>(['shares']);
    expect(offered.incoming).toEqual([expect.objectContaining({ id: shareId, acceptedAt: null, role: 'write', ownerEmail: owner.email })]);
    expect((await friend.user.run(['ls', 'shared:'])).stdout).toBe('');

    expect(await friend.user.run(['shares', 'accept', shareId])).toMatchObject({ code: 0, stdout: `Accepted: the folder is at shared:album (or shared:${shareId}).\n` });
    expect((await friend.user.json<{ entries: { name: string }[] }>(['ls', 'shared:'])).entries.map((entry) => entry.name)).toEqual(['album']);

    const out = path.join(await dirs.make(), 'copy');
    expect((await friend.user.run(['get', 'shared:album', out])).code).toBe(0);
    expect(await treeOf(out)).toEqual(await treeOf(path.join(work, 'album')));

    await writeFile(path.join(work, 'from-friend.txt'), 'hello from a friend');
    expect((await friend.user.run(['put', path.join(work, 'from-friend.txt'), `shared:${shareId}/inner`])).code).toBe(0);
    expect((await owner.user.run(['get', '/album/inner/from-friend.txt', '-'])).stdout).toBe('hello from a friend');

    // The owner ends the share: the folder is gone from the friend's drive.
    expect((await owner.user.run(['unshare', shareId])).code).toBe(0);
    expect((await friend.user.run(['ls', 'shared:'])).stdout).toBe('');
    expect((await friend.user.run(['get', 'shared:album/one.bin', '-'])).code).toBe(4);
  });

  it('a read-only share cannot be written to, and the recipient can leave it', async () => {
    const owner = await users.signedUp('ro-owner');
    const reader = await users.signedUp('ro-reader');
    await owner.user.run(['mkdir', '/shelf']);
    await writeFile(path.join(work, 'book.txt'), 'chapter one');
    await owner.user.run(['put', path.join(work, 'book.txt'), '/shelf']);
    const { share: created } = await owner.user.json<{ share: { id: string; role: string } }>(['share', '/shelf', '--with', reader.email]);
    expect(created.role).toBe('read');
    await reader.user.run(['shares', 'accept', created.id]);

    expect((await reader.user.run(['get', 'shared:shelf/book.txt', '-'])).stdout).toBe('chapter one');
    const write = await reader.user.run(['put', path.join(work, 'book.txt'), 'shared:shelf/copy.txt']);
    expect(write.code).not.toBe(0);
    expect([3, 4]).toContain(write.code);
    expect((await owner.user.json<{ entries: { name: string }[] }>(['ls', '/shelf'])).entries.map((entry) => entry.name)).toEqual(['book.txt']);

    expect((await reader.user.run(['unshare', created.id])).code).toBe(0);
    expect((await owner.user.json<{ outgoing: unknown[] }>(['shares'])).outgoing).toEqual([]);
  });

  it('sharing with an email without an account exits 4; sharing a file with an account exits 2', async () => {
    expect((await ada.user.run(['share', '/album', '--with', 'nobody-at-all@example.org'])).code).toBe(4);
    const other = await users.signedUp('other');
    expect((await ada.user.run(['share', '/report.bin', '--with', other.email])).code).toBe(2);
  });

  it('unshare of a path ends every link and share of it', async () => {
    const owner = await users.signedUp('many');
    const friend = await users.signedUp('many-friend');
    await owner.user.run(['mkdir', '/box']);
    await owner.user.json(['share', '/box']);
    await owner.user.json(['share', '/box', '--downloads', '3']);
    await owner.user.json(['share', '/box', '--with', friend.email]);
    const result = await owner.user.json<{ links: string[]; shares: string[] }>(['unshare', '/box']);
    expect([result.links.length, result.shares.length]).toEqual([2, 1]);
    const { links } = await owner.user.json<{ links: { state: string }[] }>(['links']);
    expect(links.every((link) => link.state === 'revoked')).toBe(true);
  });
});

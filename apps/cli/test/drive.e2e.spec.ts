// The drive commands of the real `coffre` against the real API: mkdir, ls, put, get, mv, rm,
// restore, versions; round trips of files and folders byte for byte, resume after a killed
// upload, and refusal of tampered data.
import { readFile, readdir, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiServer, startApi } from './support/api-server.js';
import { type SignedUpUser, Users } from './support/accounts.js';
import { finished } from './support/coffre.js';
import { TempDirs, randomFile, treeOf } from './support/files.js';

let api: ApiServer;
const users = new Users(() => api.url);
const dirs = new TempDirs();

beforeAll(async () => {
  api = await startApi();
});

afterAll(async () => {
  await users.removeAll();
  await dirs.removeAll();
  await api?.stop();
});

interface Entry {
  id: string;
  name: string;
  kind: 'file' | 'folder';
  size: number;
  mtime: number | null;
  contentVersion: number | null;
  trashedAt: string | null;
}

const names = (listing: { entries: Entry[] }) => listing.entries.map((entry) => entry.name);

describe('mkdir and ls', () => {
  let ada: SignedUpUser;
  beforeAll(async () => {
    ada = await users.signedUp('mkdir');
  });

  it('creates folders, with -p whole paths, and lists them (folders first, by name)', async () => {
    expect(await ada.user.run(['mkdir', '/docs'])).toMatchObject({ code: 0, stdout: 'Created /docs\n' });
    expect((await ada.user.run(['mkdir', '-p', 'a/b/c'])).code).toBe(0);
    expect((await ada.user.run(['mkdir', '-p', '/a/b'])).code).toBe(0); // exists: fine with -p

    const root = await ada.user.json<{ path: string; entries: Entry[] }>(['ls']);
    expect(root.path).toBe('/');
    expect(names(root)).toEqual(['a', 'docs']);
    expect(root.entries[0]).toMatchObject({ kind: 'folder', size: 0, trashedAt: null });
    expect(Object.keys(root.entries[0]!)).not.toContain('nodeKey');
    expect(names(await ada.user.json(['ls', '/a/b']))).toEqual(['c']);
    expect((await ada.user.run(['ls', '/a/b'])).stdout).toBe('c/\n');
    expect((await ada.user.run(['ls', '-l', '/a'])).stdout).toMatch(/^d +- +\d{4}-\d\d-\d\d \d\d:\d\d +b\/\n$/);
  });

  it('refuses a folder that exists (exit 5), a missing parent (exit 4), a bad name (exit 2)', async () => {
    await ada.user.run(['mkdir', '/taken']);
    const taken = await ada.user.run(['mkdir', '/taken']);
    expect(taken.code).toBe(5);
    expect(taken.stderr).toMatch(/\[NAME_TAKEN\]\n$/);
    const missing = await ada.user.run(['mkdir', '/nowhere/x']);
    expect(missing).toMatchObject({ code: 4, stderr: 'coffre: Nothing at "/nowhere". [NOT_FOUND]\n' });
    expect((await ada.user.run(['mkdir', '/..'])).code).toBe(2);
  });

  it('ls of an unknown path exits 4 with the path in the message', async () => {
    expect(await ada.user.run(['ls', '/no/such'])).toMatchObject({ code: 4, stderr: 'coffre: Nothing at "/no". [NOT_FOUND]\n' });
  });

  it('every drive command needs a session (exit 3)', async () => {
    const stranger = await users.fresh();
    for (const args of [['ls'], ['mkdir', '/x'], ['put', 'x'], ['get', '/x'], ['links'], ['shares']]) {
      const result = await stranger.run(args);
      expect(result.code, args.join(' ')).toBe(3);
      expect(result.stderr).toMatch(/\[NOT_SIGNED_IN\]\n$/);
    }
  });
});

describe('put and get', () => {
  let ada: SignedUpUser;
  let work: string;
  beforeAll(async () => {
    ada = await users.signedUp('transfer');
    work = await dirs.make();
  });

  it('round-trips a file byte for byte, keeping its modification time', async () => {
    const bytes = await randomFile(path.join(work, 'report.bin'), 3 * 1024 * 1024 + 17);
    const when = new Date('2026-01-02T03:04:05Z');
    await utimes(path.join(work, 'report.bin'), when, when);

    const put = await ada.user.run(['put', path.join(work, 'report.bin'), '/']);
    // stderr is not a terminal here: no progress bar, nothing at all.
    expect(put).toMatchObject({ code: 0, stdout: '/report.bin  3.0 MiB  version 1\n', stderr: '' });

    const out = path.join(work, 'out.bin');
    expect(await ada.user.json(['get', '/report.bin', out])).toEqual({ files: [{ path: '/report.bin', local: out, size: bytes.length }] });
    expect((await readFile(out)).equals(bytes)).toBe(true);
    expect((await stat(out)).mtime.getTime()).toBe(when.getTime());
  });

  it('--json of put: one object listing every file with its status', async () => {
    await randomFile(path.join(work, 'small.txt'), 10);
    expect(await ada.user.json(['put', path.join(work, 'small.txt'), '/docs-json.txt'])).toEqual({
      files: [{ local: path.join(work, 'small.txt'), path: '/docs-json.txt', nodeId: expect.any(String), size: 10, version: 1, status: 'uploaded', partsSent: 1 }],
      skipped: [],
    });
  });

  it('skips a file the drive holds unchanged, adds a version when it changed, and gets any version back', async () => {
    const file = path.join(work, 'notes.txt');
    await writeFile(file, 'first draft\n');
    await ada.user.run(['put', file]);
    expect((await ada.user.run(['put', file])).stdout).toBe('/notes.txt  12 B  unchanged, skipped\n');
    expect((await ada.user.json<{ files: { status: string }[] }>(['put', file, '--force'])).files[0]!.status).toBe('uploaded');

    await writeFile(file, 'second draft, longer\n');
    expect((await ada.user.run(['put', file])).stdout).toBe('/notes.txt  21 B  version 3\n');

    const { versions } = await ada.user.json<{ versions: { number: number; current: boolean }[] }>(['versions', '/notes.txt']);
    expect(versions.map((version) => [version.number, version.current])).toEqual([
      [3, true],
      [2, false],
      [1, false],
    ]);
    expect((await ada.user.run(['get', '/notes.txt', '-'])).stdout).toBe('second draft, longer\n');
    expect((await ada.user.run(['get', '/notes.txt', '-', '--number', '1'])).stdout).toBe('first draft\n');

    expect((await ada.user.run(['versions', 'restore', '/notes.txt', '1'])).stdout).toBe('Version 1 of /notes.txt is current again, as version 4.\n');
    expect((await ada.user.run(['get', '/notes.txt', '-'])).stdout).toBe('first draft\n');
    const after = await ada.user.json<{ versions: { number: number; current: boolean }[] }>(['versions', '/notes.txt']);
    expect(after.versions.filter((version) => version.current).map((version) => version.number)).toEqual([4]);
    expect((await ada.user.run(['versions', 'restore', '/notes.txt', '99'])).code).toBe(4);
  });

  it('round-trips a folder tree byte for byte, empty folders included, without following symbolic links', async () => {
    const tree = path.join(work, 'photos');
    await randomFile(path.join(tree, 'a.jpg'), 200_000);
    await randomFile(path.join(tree, 'trip', 'b.jpg'), 9 * 1024 * 1024 + 3); // two parts
    await randomFile(path.join(tree, 'trip', 'deeper', 'c.txt'), 1);
    await randomFile(path.join(tree, 'empty.txt'), 0);
    await (await import('node:fs/promises')).mkdir(path.join(tree, 'nothing-here'));
    await symlink('/etc/passwd', path.join(tree, 'link-out'));

    const put = await ada.user.run(['put', tree, '/backup']);
    expect(put.code).toBe(0);
    expect(put.stderr).toBe(`coffre: skipped ${path.join(tree, 'link-out')}: not a regular file or folder.\n`);
    expect(put.stdout.trim().split('\n').sort()).toEqual(
      ['/backup/a.jpg  195.3 KiB  version 1', '/backup/empty.txt  0 B  version 1', '/backup/trip/b.jpg  9.0 MiB  version 1', '/backup/trip/deeper/c.txt  1 B  version 1'].sort(),
    );

    const out = path.join(work, 'restored');
    expect((await ada.user.run(['get', '/backup', out])).code).toBe(0);
    const expected = await treeOf(tree);
    delete expected['link-out'];
    expect(await treeOf(out)).toEqual(expected);

    // Into an existing folder, it goes inside under its own name, like cp -r.
    expect((await ada.user.run(['get', '/backup/trip', work])).code).toBe(0);
    expect(await readdir(path.join(work, 'trip'))).toEqual(['b.jpg', 'deeper']);
  });

  it('get refuses to replace a local file unless --force (exit 5)', async () => {
    await writeFile(path.join(work, 'keep.txt'), 'local');
    await ada.user.run(['put', path.join(work, 'keep.txt'), '/keep.txt']);
    await writeFile(path.join(work, 'keep.txt'), 'local edit');
    const refused = await ada.user.run(['get', '/keep.txt', path.join(work, 'keep.txt')]);
    expect(refused).toMatchObject({ code: 5, stderr: `coffre: ${path.join(work, 'keep.txt')} exists; add --force to replace it. [ALREADY_EXISTS]\n` });
    expect(await readFile(path.join(work, 'keep.txt'), 'utf8')).toBe('local edit');
    expect((await ada.user.run(['get', '/keep.txt', path.join(work, 'keep.txt'), '--force'])).code).toBe(0);
    expect(await readFile(path.join(work, 'keep.txt'), 'utf8')).toBe('local');
  });

  it('put of a missing local file exits 4; get of a missing remote file exits 4 and writes nothing', async () => {
    expect(await ada.user.run(['put', path.join(work, 'absent.txt')])).toMatchObject({ code: 4, stderr: `coffre: ${path.join(work, 'absent.txt')}: no such file or folder. [ENOENT]\n` });
    const before = await readdir(work);
    expect((await ada.user.run(['get', '/absent.txt', path.join(work, 'x')])).code).toBe(4);
    expect(await readdir(work)).toEqual(before);
  });

  it('several sources need a folder as destination (exit 2)', async () => {
    await writeFile(path.join(work, 'one.txt'), '1');
    await writeFile(path.join(work, 'two.txt'), '2');
    const result = await ada.user.run(['put', path.join(work, 'one.txt'), path.join(work, 'two.txt'), '/not-a-folder.txt']);
    expect(result.code).toBe(2);
  });
});

describe('quota', () => {
  it('a put beyond the quota exits 6 and leaves no file behind', async () => {
    const { user, accountId } = await users.signedUp('quota');
    const work = await dirs.make();
    await randomFile(path.join(work, 'fits.bin'), 10_000);
    await randomFile(path.join(work, 'too-big.bin'), 200_000);
    await api.database.prisma.$executeRawUnsafe(`UPDATE accounts SET quota_bytes = 100000 WHERE id = '${accountId}'::uuid`);

    expect((await user.run(['put', path.join(work, 'fits.bin')])).code).toBe(0);
    const refused = await user.run(['put', path.join(work, 'too-big.bin')]);
    expect(refused.code).toBe(6);
    expect(refused.stderr).toMatch(/^coffre: .+ \[QUOTA_EXCEEDED\]\n$/);
    expect(names(await user.json(['ls']))).toEqual(['fits.bin']);
  });
});

describe('an interrupted put', () => {
  it('resumes when run again after the client was killed mid-upload, and yields identical bytes', async () => {
    const { user } = await users.signedUp('resume');
    const work = await dirs.make();
    const file = path.join(work, 'big.bin');
    const bytes = await randomFile(file, 48 * 1024 * 1024 + 123); // 7 parts of 8 MiB

    const child = user.spawn(['put', file, '/big.bin']);
    const exited = finished(child);
    // Kill it once the upload state records a few parts: some are on the server, others not.
    const statesDir = path.join(user.configDir, 'uploads');
    for (let recorded = 0; recorded < 3; ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const states = await readdir(statesDir).catch(() => []);
      const state = states.find((name) => name.endsWith('.upload.json'));
      if (state !== undefined) {
        const parsed = JSON.parse(await readFile(path.join(statesDir, state), 'utf8').catch(() => '{}')) as { parts?: object };
        recorded = Object.keys(parsed.parts ?? {}).length;
      }
      if (child.exitCode !== null) throw new Error('the upload finished before it could be interrupted');
    }
    child.kill('SIGKILL');
    expect((await exited).signal).toBe('SIGKILL');

    const resumed = await user.json<{ files: { status: string; partsSent: number; version: number }[] }>(['put', file, '/big.bin']);
    expect(resumed.files[0]!.status).toBe('resumed');
    expect(resumed.files[0]!.partsSent).toBeLessThan(7);
    expect(resumed.files[0]!.version).toBe(1);
    expect(await readdir(statesDir)).toEqual([]);

    const out = path.join(work, 'out.bin');
    expect((await user.run(['get', '/big.bin', out])).code).toBe(0);
    expect((await readFile(out)).equals(bytes)).toBe(true);
    // One version only: the resumed upload completed the interrupted one.
    expect((await user.json<{ versions: unknown[] }>(['versions', '/big.bin'])).versions).toHaveLength(1);
  });
});

describe('mv, rm, restore', () => {
  let ada: SignedUpUser;
  let work: string;
  beforeAll(async () => {
    ada = await users.signedUp('organise');
    work = await dirs.make();
    await writeFile(path.join(work, 'draft.txt'), 'draft');
    await ada.user.run(['mkdir', '/inbox']);
    await ada.user.run(['mkdir', '/archive']);
    await ada.user.run(['put', path.join(work, 'draft.txt'), '/inbox']);
  });

  it('renames in place, moves into a folder, and refuses a name in use (exit 5)', async () => {
    expect(await ada.user.run(['mv', '/inbox/draft.txt', '/inbox/final.txt'])).toMatchObject({ code: 0, stdout: 'Moved to /inbox/final.txt\n' });
    expect(await ada.user.run(['mv', '/inbox/final.txt', '/archive'])).toMatchObject({ code: 0, stdout: 'Moved to /archive/final.txt\n' });
    expect((await ada.user.run(['get', '/archive/final.txt', '-'])).stdout).toBe('draft');
    expect(names(await ada.user.json(['ls', '/inbox']))).toEqual([]);

    await ada.user.run(['put', path.join(work, 'draft.txt'), '/inbox/final.txt']);
    expect((await ada.user.run(['mv', '/inbox/final.txt', '/archive'])).code).toBe(5);
    expect((await ada.user.run(['mv', '/archive', '/archive/final.txt'])).code).not.toBe(0);
    expect((await ada.user.run(['mv', '/', '/archive'])).code).toBe(2);
  });

  it('rm moves to the trash, restore brings it back by path or id, rm --permanent deletes for good', async () => {
    await ada.user.run(['put', path.join(work, 'draft.txt'), '/archive/old.txt']);
    const removed = await ada.user.json<{ removed: { nodeId: string }[] }>(['rm', '/archive/old.txt']);
    const id = removed.removed[0]!.nodeId;
    expect(names(await ada.user.json(['ls', '/archive']))).not.toContain('old.txt');
    const trash = await ada.user.json<{ entries: Entry[] }>(['ls', '--trash']);
    expect(trash.entries.map((entry) => [entry.id, entry.name, entry.trashedAt !== null])).toEqual([[id, 'old.txt', true]]);
    expect((await ada.user.run(['get', '/archive/old.txt', '-'])).code).toBe(4);

    expect(await ada.user.run(['restore', '/archive/old.txt'])).toMatchObject({ code: 0, stdout: 'Restored old.txt\n' });
    expect((await ada.user.run(['get', '/archive/old.txt', '-'])).stdout).toBe('draft');

    await ada.user.run(['rm', '/archive/old.txt']);
    expect((await ada.user.run(['restore', id])).code).toBe(0);

    expect((await ada.user.run(['rm', '--permanent', '/archive/old.txt'])).code).toBe(0);
    expect((await ada.user.json<{ entries: Entry[] }>(['ls', '--trash'])).entries).toEqual([]);
    expect((await ada.user.run(['restore', '/archive/old.txt'])).code).toBe(4);
    expect((await ada.user.run(['restore', id])).code).toBe(4);
  });

  it('rm of the root or of an unknown path is refused', async () => {
    expect((await ada.user.run(['rm', '/'])).code).toBe(2);
    expect((await ada.user.run(['rm', '/nothing'])).code).toBe(4);
  });
});

describe('tampering', () => {
  let ada: SignedUpUser;
  let work: string;
  beforeAll(async () => {
    ada = await users.signedUp('tamper');
    work = await dirs.make();
  });

  it('a file served with another file\'s content fails with exit 8 and writes nothing', async () => {
    await randomFile(path.join(work, 'mine.bin'), 100_000);
    await randomFile(path.join(work, 'other.bin'), 100_000);
    await ada.user.run(['put', path.join(work, 'mine.bin'), path.join(work, 'other.bin'), '/']);
    // What a malicious server could do: answer for one file with the (valid, stored) parts of another.
    const swapped = await api.database.prisma.$executeRawUnsafe(`
      UPDATE version_parts AS target SET object_id = source.object_id
      FROM version_parts AS source
      JOIN file_versions sv ON sv.id = source.version_id
      JOIN file_versions tv ON tv.node_id <> sv.node_id
      WHERE target.version_id = tv.id AND target.n = source.n
        AND tv.node_id = (SELECT id FROM nodes WHERE owner_id = '${ada.accountId}'::uuid AND kind = 'file' ORDER BY created_at LIMIT 1)
        AND sv.node_id = (SELECT id FROM nodes WHERE owner_id = '${ada.accountId}'::uuid AND kind = 'file' ORDER BY created_at DESC LIMIT 1)`);
    expect(swapped).toBeGreaterThan(0);

    const out = await dirs.make();
    const results = await Promise.all(['mine.bin', 'other.bin'].map((name) => ada.user.run(['get', `/${name}`, path.join(out, name)])));
    const failed = results.filter((result) => result.code !== 0);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.code).toBe(8);
    expect(failed[0]!.stderr).toMatch(/\[(TAMPERED|DECRYPT_FAILED)\]\n$/);
    // Never wrong bytes: only the untouched file is there, and no partial file is left behind.
    expect(await readdir(out)).toHaveLength(1);
  });

  it('a file name altered in the database makes the listing fail with exit 8', async () => {
    await writeFile(path.join(work, 'named.txt'), 'x');
    await ada.user.run(['mkdir', '/named']);
    await ada.user.run(['put', path.join(work, 'named.txt'), '/named']);
    await api.database.prisma.$executeRawUnsafe(
      `UPDATE nodes SET name = overlay(name placing '\\xff'::bytea from 40 for 1) WHERE owner_id = '${ada.accountId}'::uuid AND parent_id = (SELECT id FROM nodes WHERE owner_id = '${ada.accountId}'::uuid AND kind = 'folder' AND parent_id IS NOT NULL ORDER BY created_at DESC LIMIT 1)`,
    );
    const result = await ada.user.run(['ls', '/named']);
    expect(result.code).toBe(8);
    expect(result.stdout).toBe('');
  });
});

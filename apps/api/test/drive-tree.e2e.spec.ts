// The SDK's tree operations against the real API, and a server that misbehaves: the database is
// edited behind the API's back (records swapped, moved, rolled back, planted, file keys and
// versions switched), which every client check must catch.
import { createTestDatabase } from '@coffre/db/testing';
import { type DriveNode, DriveError, bytesSource } from '@coffre/sdk/drive';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DriveAccount, driveFor, patternBytes, readStream, signUpWithDrive } from './support/drive-session.js';
import { startTestApp, type TestApp } from './support/start-test-app.js';

let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
let api: TestApp | undefined;
let ada: DriveAccount;
let grace: DriveAccount;

beforeAll(async () => {
  database = await createTestDatabase();
  api = await startTestApp({ DATABASE_URL: database.url });
  [ada, grace] = await Promise.all([signUpWithDrive(api.url, 'ada'), signUpWithDrive(api.url, 'grace')]);
});

afterAll(async () => {
  await api?.close();
  await database?.drop();
});

/** A drive over a new session of the same account: nothing remembered from earlier. */
async function freshDrive(account: DriveAccount) {
  const session = await account.client.login(account.email, account.password);
  return driveFor(api!.url, { ...account, ...session }).drive;
}

async function driveError(attempt: Promise<unknown>): Promise<DriveError> {
  const error = await attempt.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(DriveError);
  return error as DriveError;
}

/** A folder of its own for one test, under the root. */
async function workspace(name: string): Promise<DriveNode> {
  return ada.drive.mkdir(await ada.drive.root(), name);
}

describe('tree', () => {
  it('creates one root per account, and finds it again from another session', async () => {
    const root = await ada.drive.root();
    expect(root).toMatchObject({ parentId: null, ownerId: ada.accountId, kind: 'folder', writerId: ada.accountId });
    expect((await (await freshDrive(ada)).root()).id).toBe(root.id);
    expect((await grace.drive.root()).id).not.toBe(root.id);
  });

  it('makes folders, lists them (names decrypted, NFC) and resolves paths', async () => {
    const base = await workspace('tree');
    const deep = await ada.drive.mkdirs('/tree/a/Ame\u0301lie/c');
    expect(deep.name).toBe('c');
    expect((await ada.drive.list(base)).map((node) => node.name)).toEqual(['a']);
    expect((await ada.drive.resolve('/tree/a/Amélie')).kind).toBe('folder');
    expect((await ada.drive.mkdirs('/tree/a/Amélie/c')).id).toBe(deep.id);
    expect(await driveError(ada.drive.mkdir(base, 'a'))).toMatchObject({ code: 'NAME_TAKEN' });
    expect(await driveError(ada.drive.mkdir(base, 'x/y'))).toMatchObject({ code: 'INVALID_NAME' });
    expect(await driveError(ada.drive.resolve('/tree/a/missing/c'))).toMatchObject({ code: 'NOT_FOUND', message: 'Nothing at "/tree/a/missing".' });
  });

  it('renames and moves, and another session verifies the moved records and still reads the file', async () => {
    const base = await workspace('moves');
    const [from, to] = [await ada.drive.mkdir(base, 'from'), await ada.drive.mkdir(base, 'to')];
    const bytes = patternBytes(100_000, 3);
    const { node: file } = await ada.drive.upload(bytesSource(bytes), { parent: from, name: 'draft.txt' });
    const renamed = await ada.drive.rename(file, 'final.txt');
    expect(renamed).toMatchObject({ name: 'final.txt', version: file.version + 1, parentId: from.id });
    const moved = await ada.drive.move(renamed, to, 'published.txt');
    expect(moved).toMatchObject({ name: 'published.txt', version: file.version + 2, parentId: to.id });

    const later = await freshDrive(ada);
    expect((await later.list(await later.resolve('/moves/from'))).map((node) => node.name)).toEqual([]);
    const found = await later.resolve('/moves/to/published.txt');
    expect(found).toMatchObject({ id: file.id, version: moved.version, size: bytes.length });
    expect((await readStream((await later.download(found)).stream)).equals(Buffer.from(bytes))).toBe(true);

    expect(await driveError(ada.drive.move(from, await ada.drive.resolve('/moves/from')))).toMatchObject({ code: 'NOT_ALLOWED' });
    const inner = await ada.drive.mkdir(from, 'inner');
    expect(await driveError(ada.drive.move(from, inner))).toMatchObject({ code: 'NOT_ALLOWED' });
    expect(await driveError(ada.drive.move(inner, moved))).toMatchObject({ code: 'NOT_A_FOLDER' });
    expect(await driveError(ada.drive.rename(await ada.drive.root(), 'root'))).toMatchObject({ code: 'NOT_ALLOWED' });
  });

  it('trashes, lists the trash, restores, and deletes for good', async () => {
    const base = await workspace('bin');
    const doomed = await ada.drive.mkdir(base, 'doomed');
    const trashed = await ada.drive.trash(doomed);
    expect(trashed.trashedAt).not.toBeNull();
    expect(await ada.drive.list(base)).toEqual([]);
    expect((await ada.drive.listTrash()).map((node) => node.id)).toContain(doomed.id);
    await ada.drive.restore(trashed);
    expect((await ada.drive.list(base)).map((node) => node.name)).toEqual(['doomed']);
    await ada.drive.delete(doomed);
    expect(await ada.drive.list(base)).toEqual([]);
  });

  it('finds any node by id, through its ancestors', async () => {
    const deep = await ada.drive.mkdirs('/by-id/x/y');
    expect(await (await freshDrive(ada)).get(deep.id)).toMatchObject({ id: deep.id, name: 'y' });
  });
});

describe('a server that misbehaves', () => {
  it('is caught swapping the name of one node onto another', async () => {
    const base = await workspace('swap-name');
    const [a, b] = [await ada.drive.mkdir(base, 'alpha'), await ada.drive.mkdir(base, 'beta')];
    const other = await database!.prisma.node.findUniqueOrThrow({ where: { id: b.id } });
    await database!.prisma.node.update({ where: { id: a.id }, data: { name: other.name } });
    expect(await driveError((await freshDrive(ada)).list(base))).toMatchObject({ code: 'TAMPERED' });
  });

  it('is caught swapping the key wrap of one node onto another', async () => {
    const base = await workspace('swap-key');
    const [a, b] = [await ada.drive.mkdir(base, 'alpha'), await ada.drive.mkdir(base, 'beta')];
    const other = await database!.prisma.node.findUniqueOrThrow({ where: { id: b.id } });
    await database!.prisma.node.update({ where: { id: a.id }, data: { keyWrap: other.keyWrap } });
    expect(await driveError((await freshDrive(ada)).list(base))).toMatchObject({ code: 'TAMPERED' });
  });

  it('is caught swapping a whole signed record onto another node id', async () => {
    const base = await workspace('swap-record');
    const [a, b] = [await ada.drive.mkdir(base, 'alpha'), await ada.drive.mkdir(base, 'beta')];
    const other = await database!.prisma.node.findUniqueOrThrow({ where: { id: b.id } });
    await database!.prisma.node.update({ where: { id: a.id }, data: { name: other.name, metadata: other.metadata, keyWrap: other.keyWrap, signature: other.signature, version: other.version } });
    expect(await driveError((await freshDrive(ada)).list(base))).toMatchObject({ code: 'TAMPERED' });
  });

  it('is caught moving a node to another folder without its writer', async () => {
    const base = await workspace('server-move');
    const [here, there] = [await ada.drive.mkdir(base, 'here'), await ada.drive.mkdir(base, 'there')];
    const moved = await ada.drive.mkdir(here, 'moved');
    await database!.prisma.node.update({ where: { id: moved.id }, data: { parentId: there.id } });
    expect(await driveError((await freshDrive(ada)).list(there))).toMatchObject({ code: 'TAMPERED' });
  });

  it('is caught rolling a record back within a session', async () => {
    const base = await workspace('rollback');
    const node = await ada.drive.mkdir(base, 'v1');
    const old = await database!.prisma.node.findUniqueOrThrow({ where: { id: node.id } });
    await ada.drive.rename(node, 'v2');
    await database!.prisma.node.update({ where: { id: node.id }, data: { name: old.name, metadata: old.metadata, keyWrap: old.keyWrap, signature: old.signature, version: old.version } });
    expect(await driveError(ada.drive.list(base))).toMatchObject({ code: 'TAMPERED', message: expect.stringMatching(/older record/) });
    // A session that never saw version 2 cannot tell (documented in docs/crypto.md).
    expect((await (await freshDrive(ada)).list(base)).map((child) => child.name)).toEqual(['v1']);
  });

  it('is caught flipping a file into a folder', async () => {
    const base = await workspace('kind');
    const { node } = await ada.drive.upload(bytesSource(new Uint8Array([1, 2, 3])), { parent: base, name: 'three.bin' });
    await database!.prisma.node.update({ where: { id: node.id }, data: { kind: 'folder' } });
    expect(await driveError((await freshDrive(ada)).list(base))).toMatchObject({ code: 'TAMPERED' });
  });

  it('is caught planting a node signed by another account', async () => {
    const base = await workspace('planted');
    const graceFolder = await grace.drive.mkdir(await grace.drive.root(), 'mine');
    // Grace's genuine, signed record, re-parented by the server into Ada's folder and tree.
    await database!.prisma.node.update({ where: { id: graceFolder.id }, data: { parentId: base.id, ownerId: ada.accountId } });
    const error = await driveError((await freshDrive(ada)).list(base));
    expect(['UNTRUSTED_WRITER', 'TAMPERED']).toContain(error.code);
  });

  it('is caught giving a file the file key of another file', async () => {
    const base = await workspace('file-keys');
    const { node: a } = await ada.drive.upload(bytesSource(patternBytes(5000, 1)), { parent: base, name: 'a.bin' });
    const { node: b } = await ada.drive.upload(bytesSource(patternBytes(5000, 2)), { parent: base, name: 'b.bin' });
    const wrapOfB = (await database!.prisma.fileVersion.findFirstOrThrow({ where: { nodeId: b.id } })).fileKeyWrap;
    await database!.prisma.fileVersion.updateMany({ where: { nodeId: a.id }, data: { fileKeyWrap: wrapOfB } });
    expect(await driveError(ada.drive.download(await (await freshDrive(ada)).resolve('/file-keys/a.bin')))).toMatchObject({ code: 'TAMPERED' });
  });

  it('cannot serve an older version as the current content', async () => {
    const base = await workspace('stale');
    await ada.drive.upload(bytesSource(patternBytes(4000, 1)), { parent: base, name: 'doc.txt' });
    const { node, version } = await ada.drive.upload(bytesSource(patternBytes(6000, 2)), { parent: base, name: 'doc.txt' });
    // The server forgets version 2: its newest version is version 1 again.
    await database!.prisma.fileVersion.deleteMany({ where: { nodeId: node.id, number: version.number } });
    const later = await freshDrive(ada);
    expect(await driveError(later.download(await later.resolve('/stale/doc.txt')))).toMatchObject({ code: 'NO_CONTENT' });
  });
});

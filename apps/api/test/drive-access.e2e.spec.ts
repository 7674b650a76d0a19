// Who may touch which node, end to end: every drive route refuses another account's ids with the
// same 404 a missing id gets; accepted shares (rows written straight into the database, as the
// shares routes would) open a folder's subtree for reading, or for writing at the owner's cost.
import { randomBytes } from 'node:crypto';
import { createTestDatabase } from '@coffre/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DriveUser,
  type TestNode,
  MIB,
  driveUser,
  expectApiError,
  fileKeyWrapFor,
  makeNode,
  makeRoot,
  newNodeRequest,
  randomContent,
  readAll,
  request,
  sha256Hex,
  updateRequest,
  uploadVersion,
} from './support/drive.js';
import { expectError } from './support/expect-error.js';
import { startTestApp, type TestApp } from './support/start-test-app.js';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let api: TestApp;

beforeAll(async () => {
  database = await createTestDatabase();
  api = await startTestApp({ DATABASE_URL: database.url });
});

afterAll(async () => {
  await api?.close();
  await database?.drop();
});

const NOT_FOUND = { status: 404, code: 'NOT_FOUND' };

/** Shares `folder` with `recipient`, as the shares routes would once the recipient accepts. */
async function share(folder: TestNode, recipient: DriveUser, role: 'read' | 'write', accepted = true): Promise<void> {
  await database.prisma.share.create({
    data: {
      nodeId: folder.id,
      ownerId: folder.ownerId,
      recipientId: recipient.accountId,
      role,
      sealedKey: new Uint8Array(randomBytes(147)),
      acceptedAt: accepted ? new Date() : null,
    },
  });
}

async function usedBytes(user: DriveUser): Promise<number> {
  return ((await (await request(api.url, user, 'GET', '/api/account')).json()) as { usedBytes: number }).usedBytes;
}

/** A drive with a folder, a file with one version, and an upload in progress holding one part. */
async function populatedDrive(owner: DriveUser) {
  const root = await makeRoot(owner);
  const folder = await makeNode(owner, root);
  const file = await makeNode(owner, folder, 'file');
  const content = randomContent(5000);
  await uploadVersion(owner, file, content);
  await uploadVersion(owner, file, randomContent(10));
  const part = randomContent(100);
  const upload = await owner.routes.startUpload(file.id, { ciphertextSize: 100, partSize: MIB });
  await owner.routes.putPart(upload.uploadId, 0, part, sha256Hex(part));
  return { root, folder, file, content, upload, part };
}

describe("another account's ids", () => {
  it('are refused by every drive route with the 404 of an id that does not exist, and nothing changes', async () => {
    const [ada, grace] = await Promise.all([driveUser(api.url, 'ada'), driveUser(api.url, 'grace')]);
    const { root, folder, file, upload, part } = await populatedDrive(ada);
    await makeRoot(grace);
    const before = await Promise.all([ada.routes.getNode(folder.id), ada.routes.getNode(file.id), ada.routes.getUpload(upload.uploadId), usedBytes(ada)]);
    const trashedByAda = await makeNode(ada, folder);
    await ada.routes.trashNode(trashedByAda.id);

    // Thunks, run one by one: each must find the state the previous ones left unchanged.
    const attempts: [string, () => Promise<unknown>][] = [
      ['create under', () => grace.routes.createNode(newNodeRequest(grace, folder, 'folder').request)],
      ['get', () => grace.routes.getNode(folder.id)],
      ['get file', () => grace.routes.getNode(file.id)],
      ['children', () => grace.routes.listChildren(folder.id)],
      ['update', () => grace.routes.updateNode(file.id, updateRequest(grace, file, folder))],
      ['trash', () => grace.routes.trashNode(folder.id)],
      ['restore', () => grace.routes.restoreNode(trashedByAda.id)],
      ['delete', () => grace.routes.deleteNode(folder.id)],
      ['start upload', () => grace.routes.startUpload(file.id, { ciphertextSize: 10, partSize: MIB })],
      ['get upload', () => grace.routes.getUpload(upload.uploadId)],
      ['put part', () => grace.routes.putPart(upload.uploadId, 0, part, sha256Hex(part))],
      ['complete', () => grace.routes.completeUpload(upload.uploadId, { fileKeyWrap: fileKeyWrapFor(file, upload.number), parts: [{ n: 0, sha256: sha256Hex(part), size: 100 }] })],
      ['abandon', () => grace.routes.abandonUpload(upload.uploadId)],
      ['versions', () => grace.routes.listVersions(file.id)],
      ['restore version', () => grace.routes.restoreVersion(file.id, 1)],
      ['delete version', () => grace.routes.deleteVersion(file.id, 1)],
      ['version content', () => grace.routes.getVersionContent(file.id, 1)],
      ['content', () => grace.routes.getContent(file.id)],
    ];
    for (const [what, attempt] of attempts) {
      const error = await expectApiError(attempt(), NOT_FOUND).catch((failure: unknown) => {
        throw new Error(`${what}: ${String(failure)}`);
      });
      expect(error.message, what).toMatch(/^No such (file or folder|file|upload|file version)\.$/);
    }
    expect((await grace.routes.listTrash()).items).toEqual([]);

    const after = await Promise.all([ada.routes.getNode(folder.id), ada.routes.getNode(file.id), ada.routes.getUpload(upload.uploadId), usedBytes(ada)]);
    expect(after).toEqual(before);
    expect((await ada.routes.listChildren(root.id)).items.map((node) => node.id)).toEqual([folder.id]);
  });

  it('answer exactly like ids that do not exist', async () => {
    const [ada, grace] = await Promise.all([driveUser(api.url, 'ada'), driveUser(api.url, 'grace')]);
    const { folder } = await populatedDrive(ada);
    const theirs = await request(api.url, grace, 'GET', `/api/nodes/${folder.id}`);
    const nobodys = await request(api.url, grace, 'GET', `/api/nodes/${crypto.randomUUID()}`);
    for (const response of [theirs, nobodys]) await expectError(response, 404, { code: 'NOT_FOUND', message: 'No such file or folder.' });
  });
});

describe('a read share', () => {
  it('opens the folder and everything under it for reading, and nothing for writing', async () => {
    const [ada, grace] = await Promise.all([driveUser(api.url, 'ada'), driveUser(api.url, 'grace')]);
    const { root, folder, file, content, upload } = await populatedDrive(ada);
    await share(folder, grace, 'read');

    expect((await grace.routes.getNode(folder.id)).id).toBe(folder.id);
    expect((await grace.routes.listChildren(folder.id)).items.map((node) => node.id)).toEqual([file.id]);
    expect((await grace.routes.listVersions(file.id)).map((version) => version.number)).toEqual([2, 1]);
    expect(Buffer.from(await readAll((await grace.routes.getVersionContent(file.id, 1)).body)).equals(Buffer.from(content))).toBe(true);

    await expectApiError(grace.routes.getNode(root.id), NOT_FOUND);
    await expectApiError(grace.routes.createNode(newNodeRequest(grace, folder, 'file').request), NOT_FOUND);
    await expectApiError(grace.routes.updateNode(file.id, updateRequest(grace, file, folder)), NOT_FOUND);
    await expectApiError(grace.routes.trashNode(file.id), NOT_FOUND);
    await expectApiError(grace.routes.startUpload(file.id, { ciphertextSize: 10, partSize: MIB }), NOT_FOUND);
    await expectApiError(grace.routes.getUpload(upload.uploadId), NOT_FOUND);
    await expectApiError(grace.routes.restoreVersion(file.id, 1), NOT_FOUND);
    await expectApiError(grace.routes.deleteVersion(file.id, 1), NOT_FOUND);
    await expectApiError(grace.routes.deleteNode(file.id), NOT_FOUND);
    expect((await ada.routes.getNode(file.id)).version).toBe(1);
  });

  it('gives nothing until it is accepted, nor once the owner trashes the folder', async () => {
    const [ada, grace] = await Promise.all([driveUser(api.url, 'ada'), driveUser(api.url, 'grace')]);
    const { folder, file } = await populatedDrive(ada);
    await share(folder, grace, 'read', false);
    await expectApiError(grace.routes.getNode(folder.id), NOT_FOUND);

    await database.prisma.share.updateMany({ where: { nodeId: folder.id }, data: { acceptedAt: new Date() } });
    expect((await grace.routes.getNode(file.id)).id).toBe(file.id);
    await ada.routes.trashNode(folder.id);
    await expectApiError(grace.routes.getNode(file.id), NOT_FOUND);
    await expectApiError(grace.routes.getContent(file.id), NOT_FOUND);
  });
});

describe('a write share', () => {
  it("lets the recipient write under the folder: nodes owned by the owner, signed by the writer, stored at the owner's cost", async () => {
    const [ada, grace] = await Promise.all([driveUser(api.url, 'ada'), driveUser(api.url, 'grace')]);
    const { root, folder, file } = await populatedDrive(ada);
    await makeRoot(grace);
    await share(folder, grace, 'write');
    const adaBefore = await usedBytes(ada);

    const created = await grace.routes.createNode(newNodeRequest(grace, folder, 'file').request);
    expect(created).toMatchObject({ ownerId: ada.accountId, writerId: grace.accountId, writerSigningPublicKey: Buffer.from(grace.keys.signing.publicKey).toString('base64url') });
    const theirFile: TestNode = { id: created.id, ownerId: ada.accountId, parentId: folder.id, kind: 'file', key: new Uint8Array(32), version: 1 };
    await uploadVersion(grace, theirFile, randomContent(7000));

    expect(await usedBytes(ada)).toBe(adaBefore + 7000);
    expect(await usedBytes(grace)).toBe(0);
    expect((await ada.routes.listChildren(folder.id)).items.map((node) => node.id)).toEqual([file.id, created.id]);

    // The owner's own file, renamed by the writer: the record is now the writer's.
    expect(await grace.routes.updateNode(file.id, updateRequest(grace, file, folder))).toMatchObject({ version: 2, writerId: grace.accountId, ownerId: ada.accountId });
    await grace.routes.trashNode(created.id);
    await grace.routes.restoreNode(created.id);

    // Never out of the shared folder, never for good.
    await expectApiError(grace.routes.updateNode(created.id, updateRequest(grace, theirFile, root)), NOT_FOUND);
    await expectApiError(grace.routes.deleteNode(created.id), NOT_FOUND);
    await expectApiError(grace.routes.createNode(newNodeRequest(grace, root, 'file').request), NOT_FOUND);
  });

  it("is bound by the owner's quota", async () => {
    const [ada, grace] = await Promise.all([driveUser(api.url, 'ada'), driveUser(api.url, 'grace')]);
    const { folder, file } = await populatedDrive(ada);
    await share(folder, grace, 'write');
    const used = await usedBytes(ada);
    await database.prisma.account.update({ where: { id: ada.accountId }, data: { quotaBytes: BigInt(used + 1000) } });
    await expectApiError(grace.routes.startUpload(file.id, { ciphertextSize: 1001, partSize: MIB }), { status: 413, code: 'QUOTA_EXCEEDED', details: { remainingBytes: 1000 } });
  });

  it('cannot move a node into another owner’s tree, even one it may write', async () => {
    const [ada, grace] = await Promise.all([driveUser(api.url, 'ada'), driveUser(api.url, 'grace')]);
    const { folder } = await populatedDrive(ada);
    const graceRoot = await makeRoot(grace);
    const graceFile = await makeNode(grace, graceRoot, 'file');
    await share(folder, grace, 'write');
    const error = await expectApiError(grace.routes.updateNode(graceFile.id, updateRequest(grace, graceFile, folder)), { status: 400, code: 'VALIDATION_FAILED' });
    expect(error.issues).toEqual([{ path: 'body.parentId', message: "must be in the same owner's drive" }]);
  });
});

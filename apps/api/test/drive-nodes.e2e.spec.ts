// The drive's tree end to end: the real API on a fresh Postgres database and the local Redis,
// records sealed and signed with @coffre/crypto as clients make them, sent through the SDK's
// typed routes (and raw HTTP where a client would never send such a request).
import { randomBytes, randomUUID } from 'node:crypto';
import { sealEnvelope } from '@coffre/crypto/envelope';
import { ciphertextHash, verifyNodeRecord } from '@coffre/crypto/signature';
import { createTestDatabase } from '@coffre/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DriveUser,
  type TestNode,
  MIB,
  driveUser,
  expectApiError,
  makeNode,
  makeRoot,
  newNodeRequest,
  randomContent,
  request,
  sealRecord,
  updateRequest,
  uploadVersion,
} from './support/drive.js';
import { expectError } from './support/expect-error.js';
import { startTestApp, type TestApp } from './support/start-test-app.js';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let api: TestApp;
let ada: DriveUser;
let grace: DriveUser;
let adaRoot: TestNode;

beforeAll(async () => {
  database = await createTestDatabase();
  api = await startTestApp({ DATABASE_URL: database.url });
  [ada, grace] = await Promise.all([driveUser(api.url, 'ada'), driveUser(api.url, 'grace')]);
  adaRoot = await makeRoot(ada);
});

afterAll(async () => {
  await api?.close();
  await database?.drop();
});

const VALIDATION_FAILED = { status: 400, code: 'VALIDATION_FAILED' };
const NOT_FOUND = { status: 404, code: 'NOT_FOUND' };
const CONFLICT = { status: 409, code: 'CONFLICT' };
const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');

async function childIds(user: DriveUser, folder: TestNode): Promise<string[]> {
  return (await user.routes.listChildren(folder.id, { limit: 500 })).items.map((node) => node.id);
}

describe('the root folder', () => {
  it('does not exist until the client creates it, once; a retry of the same record is answered as created', async () => {
    const lin = await driveUser(api.url, 'lin');
    await expectApiError(lin.routes.getRootNode(), { ...NOT_FOUND, message: 'No root folder yet.' });

    const { request: create, node } = newNodeRequest(lin, null, 'folder');
    const created = await lin.routes.createNode(create);

    expect(created).toMatchObject({ id: node.id, ownerId: lin.accountId, parentId: null, kind: 'folder', version: 1, writerId: lin.accountId, trashedAt: null, currentVersion: null });
    expect(created.writerSigningPublicKey).toBe(b64(lin.keys.signing.publicKey));
    expect(await lin.routes.getRootNode()).toEqual(created);
    expect(await lin.routes.createNode(create)).toEqual(created);
    const second = newNodeRequest(lin, null, 'folder').request;
    await expectApiError(lin.routes.createNode(second), { ...CONFLICT, message: 'This account already has a root folder.' });
  });

  it('must be a folder, and cannot be moved, changed, trashed or deleted', async () => {
    const lin = await driveUser(api.url, 'lin');
    await expectApiError(lin.routes.createNode(newNodeRequest(lin, null, 'file').request), VALIDATION_FAILED);
    const root = await makeRoot(lin);
    const folder = await makeNode(lin, root);
    await expectApiError(lin.routes.updateNode(root.id, updateRequest(lin, root, folder)), VALIDATION_FAILED);
    await expectApiError(lin.routes.trashNode(root.id), VALIDATION_FAILED);
    await expectApiError(lin.routes.deleteNode(root.id), VALIDATION_FAILED);
    expect((await lin.routes.getRootNode()).version).toBe(1);
  });
});

describe('creating nodes', () => {
  it('stores the record as signed: a client verifies it with the writer key the server names', async () => {
    const folder = await makeNode(ada, adaRoot, 'folder', 'Photos');
    const view = await ada.routes.getNode(folder.id);

    expect(view).toMatchObject({ id: folder.id, parentId: adaRoot.id, ownerId: ada.accountId, kind: 'folder', version: 1 });
    expect(() =>
      verifyNodeRecord(
        {
          nodeId: view.id,
          parentId: view.parentId ?? '',
          ownerId: view.ownerId,
          version: view.version,
          nameHash: ciphertextHash(Buffer.from(view.name, 'base64url')),
          metadataHash: ciphertextHash(Buffer.from(view.metadata, 'base64url')),
          wrappedKeyHash: ciphertextHash(Buffer.from(view.keyWrap, 'base64url')),
        },
        Buffer.from(view.signature, 'base64url'),
        Buffer.from(view.writerSigningPublicKey, 'base64url'),
      ),
    ).not.toThrow();
    expect(await childIds(ada, adaRoot)).toContain(folder.id);
  });

  it('refuses a record signed with another key than the writer’s, and stores nothing', async () => {
    const { request: forged, node } = newNodeRequest(grace, adaRoot, 'folder');
    // Grace's keys, but sent by Ada: the server checks the caller's key.
    const error = await expectApiError(ada.routes.createNode(forged), VALIDATION_FAILED);
    expect(error.issues).toEqual([{ path: 'body.signature', message: "does not verify under the writer's signing key" }]);
    await expectApiError(ada.routes.getNode(node.id), NOT_FOUND);
  });

  it('refuses a record whose signature covers other ids or another version than those sent', async () => {
    const { request: create } = newNodeRequest(ada, adaRoot, 'folder');
    const other = await makeNode(ada, adaRoot);
    await expectApiError(ada.routes.createNode({ ...create, id: randomUUID() }), VALIDATION_FAILED);
    await expectApiError(ada.routes.createNode({ ...create, parentId: other.id }), VALIDATION_FAILED);
    const sealed = sealRecord(ada, { id: create.id, ownerId: ada.accountId, parent: adaRoot, key: new Uint8Array(32), version: 1 });
    await expectApiError(ada.routes.createNode({ ...create, name: sealed.name }), VALIDATION_FAILED);
    expect(await childIds(ada, other)).toEqual([]);
  });

  it('refuses malformed fields, each named, and creates nothing', async () => {
    const { request: create, node } = newNodeRequest(ada, adaRoot, 'folder');
    const binding = { ownerId: ada.accountId, nodeId: node.id, parentId: adaRoot.id, version: 1 };
    const cases: [Record<string, unknown>, string][] = [
      [{ version: 2 }, 'body.version'],
      [{ id: node.id.toUpperCase() }, 'body.id'],
      [{ id: 'not-a-uuid' }, 'body.id'],
      [{ parentId: 'a/b' }, 'body.parentId'],
      [{ kind: 'link' }, 'body.kind'],
      [{ signature: b64(new Uint8Array(63)) }, 'body.signature'],
      [{ signature: `${create.signature}A` }, 'body.signature'],
      // node-metadata where node-name belongs: the purpose byte gives it away.
      [{ name: b64(sealEnvelope(node.key, 'node-metadata', binding, new Uint8Array(4))) }, 'body.name'],
      // A name of more than 4096 bytes.
      [{ name: b64(sealEnvelope(node.key, 'node-name', binding, new Uint8Array(4097))) }, 'body.name'],
      // A node key of 31 bytes.
      [{ keyWrap: b64(sealEnvelope(adaRoot.key, 'node-key-wrap', binding, new Uint8Array(31))) }, 'body.keyWrap'],
      [{ metadata: 'not base64url!' }, 'body.metadata'],
      [{ extra: true }, 'body'],
    ];
    for (const [change, path] of cases) {
      const error = await expectApiError(ada.routes.createNode({ ...create, ...change } as never), VALIDATION_FAILED);
      expect(error.issues?.map((issue) => issue.path), JSON.stringify(change)).toContain(path);
    }
    await expectApiError(ada.routes.getNode(node.id), NOT_FOUND);
  });

  it('refuses a non-canonical base64url spelling of a field (the record must have one spelling)', async () => {
    const { request: create } = newNodeRequest(ada, adaRoot, 'folder');
    // 64 bytes take 86 characters, the last carrying 2 unused bits: set one of them.
    const last = create.signature.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const tweaked = create.signature.slice(0, -1) + alphabet[alphabet.indexOf(last) + 1]!;
    expect(Buffer.from(tweaked, 'base64url').equals(Buffer.from(create.signature, 'base64url'))).toBe(true);
    const error = await expectApiError(ada.routes.createNode({ ...create, signature: tweaked }), VALIDATION_FAILED);
    expect(error.issues).toContainEqual({ path: 'body.signature', message: 'is not canonical base64url' });
  });

  it('refuses a parent that is a file, or that does not exist', async () => {
    const file = await makeNode(ada, adaRoot, 'file');
    const underFile = await expectApiError(ada.routes.createNode(newNodeRequest(ada, file, 'folder').request), VALIDATION_FAILED);
    expect(underFile.issues).toEqual([{ path: 'body.parentId', message: 'must be a folder' }]);
    const ghost: TestNode = { ...file, id: randomUUID(), kind: 'folder' };
    await expectApiError(ada.routes.createNode(newNodeRequest(ada, ghost, 'folder').request), NOT_FOUND);
  });

  it('answers 409 for an id already taken by another record', async () => {
    const taken = await makeNode(ada, adaRoot);
    await expectApiError(ada.routes.createNode(newNodeRequest(ada, adaRoot, 'folder', { id: taken.id }).request), {
      ...CONFLICT,
      message: 'A node with this id already exists.',
    });
  });

  it('answers 413 for a body over the JSON limit, and 415 for a body that is not JSON', async () => {
    const { request: create } = newNodeRequest(ada, adaRoot, 'folder');
    const huge = await request(api.url, ada, 'POST', '/api/nodes', { json: { ...create, metadata: 'A'.repeat(2 * MIB) } });
    await expectError(huge, 413, { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large.' });
    const text = await request(api.url, ada, 'POST', '/api/nodes', { body: JSON.stringify(create), headers: { 'content-type': 'text/csv' } });
    expect(text.status).toBe(415);
  });

  it('refuses every route without a session', async () => {
    const anonymous = await request(api.url, undefined, 'GET', `/api/nodes/${adaRoot.id}`);
    await expectError(anonymous, 401, { code: 'UNAUTHENTICATED', message: 'Authentication failed.' });
  });
});

describe('listing a folder', () => {
  it('pages through the children in a stable order, oldest first', async () => {
    const folder = await makeNode(ada, adaRoot);
    const made: string[] = [];
    for (let index = 0; index < 7; index += 1) made.push((await makeNode(ada, folder, index % 2 === 0 ? 'folder' : 'file')).id);

    const seen: string[] = [];
    let cursor: string | undefined;
    const sizes: number[] = [];
    do {
      const page = await ada.routes.listChildren(folder.id, { limit: 3, ...(cursor !== undefined && { cursor }) });
      sizes.push(page.items.length);
      seen.push(...page.items.map((node) => node.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);

    expect(sizes).toEqual([3, 3, 1]);
    expect(seen).toEqual(made);
    expect((await ada.routes.listChildren(folder.id)).items.map((node) => node.id)).toEqual(made);
  });

  it('refuses limits outside 1..500, cursors it did not hand out, and files', async () => {
    for (const limit of ['0', '501', 'ten', '-1']) {
      const response = await request(api.url, ada, 'GET', `/api/nodes/${adaRoot.id}/children?limit=${limit}`);
      expect(response.status, limit).toBe(400);
    }
    for (const cursor of ['bm90IGpzb24', Buffer.from('["yesterday","x"]').toString('base64url')]) {
      await expectApiError(ada.routes.listChildren(adaRoot.id, { cursor }), VALIDATION_FAILED);
    }
    const file = await makeNode(ada, adaRoot, 'file');
    await expectApiError(ada.routes.listChildren(file.id), VALIDATION_FAILED);
  });
});

describe('updating a node', () => {
  it('renames with the next version, and refuses a stale or skipped version with 409', async () => {
    const folder = await makeNode(ada, adaRoot);
    const renamed = await ada.routes.updateNode(folder.id, updateRequest(ada, folder, adaRoot, { name: 'Taxes' }));
    expect(renamed).toMatchObject({ id: folder.id, version: 2, parentId: adaRoot.id });

    await expectApiError(ada.routes.updateNode(folder.id, updateRequest(ada, folder, adaRoot, { version: 2 })), {
      ...CONFLICT,
      message: 'Someone changed this first; reload it and try again.',
    });
    await expectApiError(ada.routes.updateNode(folder.id, updateRequest(ada, folder, adaRoot, { version: 4 })), CONFLICT);
    await expectApiError(ada.routes.updateNode(folder.id, { ...updateRequest(ada, folder, adaRoot, { version: 1 }) }), VALIDATION_FAILED);
    expect((await ada.routes.getNode(folder.id)).version).toBe(2);
  });

  it('moves a node under another folder, its key rewrapped there', async () => {
    const from = await makeNode(ada, adaRoot);
    const to = await makeNode(ada, adaRoot);
    const file = await makeNode(ada, from, 'file');

    const moved = await ada.routes.updateNode(file.id, updateRequest(ada, file, to));

    expect(moved).toMatchObject({ parentId: to.id, version: 2 });
    expect(await childIds(ada, from)).toEqual([]);
    expect(await childIds(ada, to)).toEqual([file.id]);
  });

  it('refuses a move into the node itself, below it, or under a file', async () => {
    const top = await makeNode(ada, adaRoot);
    const middle = await makeNode(ada, top);
    const bottom = await makeNode(ada, middle);
    const file = await makeNode(ada, adaRoot, 'file');

    for (const target of [top, middle, bottom]) {
      const error = await expectApiError(ada.routes.updateNode(top.id, updateRequest(ada, top, target)), VALIDATION_FAILED);
      expect(error.issues).toEqual([{ path: 'body.parentId', message: 'cannot move a folder into itself or below it' }]);
    }
    await expectApiError(ada.routes.updateNode(top.id, updateRequest(ada, top, file)), VALIDATION_FAILED);
    expect((await ada.routes.getNode(top.id)).parentId).toBe(adaRoot.id);
  });

  it('lets only one of two crossing moves through: no cycle, whatever the timing', async () => {
    for (let round = 0; round < 5; round += 1) {
      const left = await makeNode(ada, adaRoot);
      const right = await makeNode(ada, adaRoot);
      const outcomes = await Promise.allSettled([
        ada.routes.updateNode(left.id, updateRequest(ada, left, right)),
        ada.routes.updateNode(right.id, updateRequest(ada, right, left)),
      ]);
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      const parents = [(await ada.routes.getNode(left.id)).parentId, (await ada.routes.getNode(right.id)).parentId];
      expect(parents).toContain(adaRoot.id);
    }
  });

  it('refuses a move whose record was not rewrapped for the new parent', async () => {
    const from = await makeNode(ada, adaRoot);
    const to = await makeNode(ada, adaRoot);
    const file = await makeNode(ada, from, 'file');
    const stale = updateRequest(ada, file, from);
    await expectApiError(ada.routes.updateNode(file.id, { ...stale, parentId: to.id }), VALIDATION_FAILED);
    expect((await ada.routes.getNode(file.id)).parentId).toBe(from.id);
  });
});

describe('the trash', () => {
  it('hides a trashed folder and everything under it from the tree, lists it, and restores it', async () => {
    const folder = await makeNode(ada, adaRoot);
    const inner = await makeNode(ada, folder);
    const file = await makeNode(ada, inner, 'file');
    await uploadVersion(ada, file, randomContent(1000));

    const trashed = await ada.routes.trashNode(folder.id);

    expect(trashed.trashedAt).not.toBeNull();
    expect(await childIds(ada, adaRoot)).not.toContain(folder.id);
    for (const node of [folder, inner, file]) await expectApiError(ada.routes.getNode(node.id), NOT_FOUND);
    await expectApiError(ada.routes.listChildren(inner.id), NOT_FOUND);
    await expectApiError(ada.routes.getContent(file.id), NOT_FOUND);
    await expectApiError(ada.routes.startUpload(file.id, { ciphertextSize: 10, partSize: MIB }), NOT_FOUND);
    await expectApiError(ada.routes.createNode(newNodeRequest(ada, inner, 'file').request), NOT_FOUND);
    await expectApiError(ada.routes.trashNode(inner.id), NOT_FOUND);
    expect((await ada.routes.listTrash()).items.map((node) => node.id)).toContain(folder.id);

    await expectApiError(ada.routes.restoreNode(inner.id), { ...CONFLICT, message: 'This is not in the trash, or only its folder is: restore that.' });
    const restored = await ada.routes.restoreNode(folder.id);

    expect(restored.trashedAt).toBeNull();
    expect((await ada.routes.getNode(file.id)).currentVersion?.ciphertextSize).toBe(1000);
    expect((await ada.routes.listTrash()).items.map((node) => node.id)).not.toContain(folder.id);
    await expectApiError(ada.routes.restoreNode(folder.id), CONFLICT);
  });

  it('restores a node trashed inside a trashed folder only once that folder is back', async () => {
    const folder = await makeNode(ada, adaRoot);
    const inner = await makeNode(ada, folder);
    await ada.routes.trashNode(inner.id);
    await ada.routes.trashNode(folder.id);
    await expectApiError(ada.routes.restoreNode(inner.id), { ...CONFLICT, message: 'Its folder is in the trash: restore that first.' });
    await ada.routes.restoreNode(folder.id);
    await expectApiError(ada.routes.getNode(inner.id), NOT_FOUND);
    await ada.routes.restoreNode(inner.id);
    expect((await ada.routes.getNode(inner.id)).trashedAt).toBeNull();
  });

  it('pages through the trash, most recently trashed first', async () => {
    const lin = await driveUser(api.url, 'lin');
    const root = await makeRoot(lin);
    const nodes = [];
    for (let index = 0; index < 5; index += 1) {
      const node = await makeNode(lin, root);
      await lin.routes.trashNode(node.id);
      nodes.push(node.id);
    }
    const first = await lin.routes.listTrash({ limit: 2 });
    const second = await lin.routes.listTrash({ limit: 2, cursor: first.nextCursor! });
    const third = await lin.routes.listTrash({ limit: 2, cursor: second.nextCursor! });
    expect([...first.items, ...second.items, ...third.items].map((node) => node.id)).toEqual(nodes.reverse());
    expect(third.nextCursor).toBeNull();
  });
});

describe('deleting for good', () => {
  it('removes the node and everything under it, and gives the quota back', async () => {
    const lin = await driveUser(api.url, 'lin');
    const root = await makeRoot(lin);
    const folder = await makeNode(lin, root);
    const inner = await makeNode(lin, folder);
    const file = await makeNode(lin, inner, 'file');
    await uploadVersion(lin, file, randomContent(3000));
    await uploadVersion(lin, file, randomContent(2000));
    const pending = await lin.routes.startUpload(file.id, { ciphertextSize: 500, partSize: MIB });
    expect(await usedBytes(lin)).toBe(5500);

    await lin.routes.trashNode(folder.id);
    await lin.routes.deleteNode(folder.id);

    for (const node of [folder, inner, file]) await expectApiError(lin.routes.getNode(node.id), NOT_FOUND);
    await expectApiError(lin.routes.getUpload(pending.uploadId), NOT_FOUND);
    expect((await lin.routes.listTrash()).items).toEqual([]);
    expect(await usedBytes(lin)).toBe(0);
    expect(await database.prisma.fileVersion.count({ where: { nodeId: file.id } })).toBe(0);
    await expectApiError(lin.routes.deleteNode(folder.id), NOT_FOUND);
  });

  it('is the owner’s alone', async () => {
    const folder = await makeNode(ada, adaRoot);
    await expectApiError(grace.routes.deleteNode(folder.id), NOT_FOUND);
    expect((await ada.routes.getNode(folder.id)).id).toBe(folder.id);
  });
});

describe('OpenAPI', () => {
  it('documents every drive route, with its schemas', async () => {
    const document = (await (await fetch(`${api.url}/api/docs/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> }; security?: unknown[] }>>;
      components: { schemas: Record<string, unknown> };
    };
    const routes = Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /api/nodes',
        'GET /api/nodes/root',
        'GET /api/nodes/{id}',
        'GET /api/nodes/{id}/children',
        'PATCH /api/nodes/{id}',
        'POST /api/nodes/{id}/trash',
        'POST /api/nodes/{id}/restore',
        'DELETE /api/nodes/{id}',
        'GET /api/trash',
        'POST /api/files/{nodeId}/uploads',
        'GET /api/uploads/{uploadId}',
        'PUT /api/uploads/{uploadId}/parts/{n}',
        'POST /api/uploads/{uploadId}/complete',
        'DELETE /api/uploads/{uploadId}',
        'GET /api/files/{nodeId}/versions',
        'POST /api/files/{nodeId}/versions/{number}/restore',
        'DELETE /api/files/{nodeId}/versions/{number}',
        'GET /api/files/{nodeId}/versions/{number}/content',
        'GET /api/files/{nodeId}/content',
      ]),
    );
    expect(Object.keys(document.paths['/api/uploads/{uploadId}/parts/{n}']!.put!.requestBody!.content)).toEqual(['application/octet-stream']);
    expect(document.paths['/api/nodes']!.post!.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(document.components.schemas)).toEqual(expect.arrayContaining(['Node', 'NodePage', 'CreateNodeRequest', 'UpdateNodeRequest', 'Upload', 'Part', 'FileVersion', 'CompleteUploadRequest', 'StartUploadRequest']));
  });
});

/** The account's used bytes, as `GET /api/account` reports them. */
async function usedBytes(user: DriveUser): Promise<number> {
  const response = await request(api.url, user, 'GET', '/api/account');
  return ((await response.json()) as { usedBytes: number }).usedBytes;
}

it('never lets a record through with a node key wrap of the wrong purpose', async () => {
  const { request: create, node } = newNodeRequest(ada, adaRoot, 'folder');
  const binding = { ownerId: ada.accountId, nodeId: node.id, parentId: adaRoot.id, version: 1 };
  const asName = sealEnvelope(adaRoot.key, 'node-name', binding, new Uint8Array(randomBytes(32)));
  const error = await expectApiError(ada.routes.createNode({ ...create, keyWrap: b64(asName) }), VALIDATION_FAILED);
  expect(error.issues?.[0]).toEqual({ path: 'body.keyWrap', message: 'must be a node-key-wrap envelope' });
});

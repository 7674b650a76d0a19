// Folders shared between accounts, end to end: the real API on a fresh Postgres database, key
// shares sealed with @coffre/crypto as clients do it, and access checked through the drive's own
// routes (nodes, uploads, content), which only an accepted share opens.
import { randomBytes } from 'node:crypto';
import { sealKeyShare } from '@coffre/crypto/share';
import { createTestDatabase, type TestDatabase } from '@coffre/db/testing';
import { createSharingRoutesFor } from '@coffre/sdk/sharing-routes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, type TestAccount } from './support/accounts.js';
import { expectError } from './support/expect-error.js';
import { type Actor, call, createNode, expectJson, linkRequest, nodeRequest, type TestNode, uploadVersion } from './support/sharing-drive.js';
import { startTestApp, type TestApp } from './support/start-test-app.js';

let database: TestDatabase | undefined;
let api: TestApp | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  api = await startTestApp({ DATABASE_URL: database.url });
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

interface ShareView {
  id: string;
  nodeId: string;
  ownerId: string;
  ownerEmail: string | null;
  recipientId: string;
  recipientEmail: string | null;
  role: 'read' | 'write';
  sealedKey: string;
  createdAt: string;
  acceptedAt: string | null;
}

const NO_SUCH_NODE = { code: 'NOT_FOUND', message: 'No such file or folder.' };
const NO_SUCH_SHARE = { code: 'NOT_FOUND', message: 'No such share.' };

let adaAccount: TestAccount;
let graceAccount: TestAccount;
let ada: Actor;
let grace: Actor;
let eve: Actor;
let root: TestNode;

beforeAll(async () => {
  const [a, g, e] = await Promise.all([signUp(url(), 'ada'), signUp(url(), 'grace'), signUp(url(), 'eve')]);
  [adaAccount, graceAccount] = [a, g];
  [ada, grace, eve] = [actor(a), actor(g), actor(e)];
  root = await createNode(url(), ada, null);
});

/** The folder key of `folder` sealed from `sender` to `recipient`, as a client would. */
async function sealedKey(folder: TestNode, sender: Actor, recipient: Actor): Promise<string> {
  const share = await sealKeyShare({
    binding: { purpose: 'node-key', senderId: sender.accountId, recipientId: recipient.accountId, subjectId: folder.id },
    key: folder.key,
    recipientPublicKey: recipient.keys.sharing.publicKey,
    senderSigningKey: sender.keys.signing.secretKey,
  });
  return Buffer.from(share).toString('base64url');
}

async function share(folder: TestNode, recipient: Actor, role: 'read' | 'write', sender = ada): Promise<ShareView> {
  return expectJson<ShareView>(
    call(url(), 'POST', '/api/shares', { actor: sender, body: { nodeId: folder.id, recipientId: recipient.accountId, role, sealedKey: await sealedKey(folder, sender, recipient) } }),
    201,
  );
}

const accept = (shareId: string, who: Actor) => call(url(), 'POST', `/api/shares/${shareId}/accept`, { actor: who });
const getNode = (nodeId: string, who: Actor) => call(url(), 'GET', `/api/nodes/${nodeId}`, { actor: who });

describe('sharing a folder', () => {
  it('gives access only once the recipient accepts, read-only when so shared, and until it is revoked', async () => {
    const folder = await createNode(url(), ada, root);
    const file = await createNode(url(), ada, folder, 'file');
    const bytes = new Uint8Array(randomBytes(2000));
    await uploadVersion(url(), ada, file, bytes);

    const created = await share(folder, grace, 'read');
    expect(created).toMatchObject({
      nodeId: folder.id,
      ownerId: ada.accountId,
      ownerEmail: adaAccount.email,
      recipientId: grace.accountId,
      recipientEmail: graceAccount.email,
      role: 'read',
      acceptedAt: null,
    });
    const incoming = await expectJson<ShareView[]>(call(url(), 'GET', '/api/shares/incoming', { actor: grace }), 200);
    expect(incoming).toEqual([created]);
    const outgoing = await expectJson<ShareView[]>(call(url(), 'GET', '/api/shares/outgoing', { actor: ada }), 200);
    expect(outgoing.map((item) => item.id)).toContain(created.id);

    // Pending: nothing opens yet.
    await expectError(await getNode(folder.id, grace), 404, NO_SUCH_NODE);
    await expectError(await call(url(), 'GET', `/api/files/${file.id}/content`, { actor: grace }), 404, NO_SUCH_NODE);

    const accepted = await expectJson<ShareView>(accept(created.id, grace), 200);
    expect(accepted.acceptedAt).not.toBeNull();
    // Accepting again changes nothing.
    expect((await expectJson<ShareView>(accept(created.id, grace), 200)).acceptedAt).toBe(accepted.acceptedAt);

    expect(await expectJson(getNode(folder.id, grace), 200)).toMatchObject({ id: folder.id, ownerId: ada.accountId });
    const listing = await expectJson<{ items: { id: string }[] }>(call(url(), 'GET', `/api/nodes/${folder.id}/children`, { actor: grace }), 200);
    expect(listing.items.map((item) => item.id)).toEqual([file.id]);
    const download = await call(url(), 'GET', `/api/files/${file.id}/content`, { actor: grace });
    expect(download.status).toBe(200);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(bytes);
    // Nothing outside the shared folder opens.
    await expectError(await getNode(root.id, grace), 404, NO_SUCH_NODE);

    // Read-only: no new node, no upload, no trash, no link.
    await expectError(await createNodeAs(grace, folder), 404, NO_SUCH_NODE);
    await expectError(await call(url(), 'POST', `/api/files/${file.id}/uploads`, { actor: grace, body: { ciphertextSize: 10, partSize: 1024 * 1024 } }), 404, NO_SUCH_NODE);
    await expectError(await call(url(), 'POST', `/api/nodes/${file.id}/trash`, { actor: grace }), 404, NO_SUCH_NODE);
    await expectError(await call(url(), 'POST', '/api/links', { actor: grace, body: linkRequest(folder).request }), 404, NO_SUCH_NODE);

    // The owner revokes: access ends at once.
    await expectJson(call(url(), 'DELETE', `/api/shares/${created.id}`, { actor: ada }), 204);
    await expectError(await getNode(folder.id, grace), 404, NO_SUCH_NODE);
    await expectError(await call(url(), 'GET', `/api/files/${file.id}/content`, { actor: grace }), 404, NO_SUCH_NODE);
    expect(await expectJson<ShareView[]>(call(url(), 'GET', '/api/shares/incoming', { actor: grace }), 200)).toEqual([]);
  });

  it('lets a read-write recipient add and upload under the folder, owned by the folder owner, until they leave', async () => {
    const folder = await createNode(url(), ada, root);
    const created = await share(folder, grace, 'write');
    await expectJson(accept(created.id, grace), 200);

    const added = await createNode(url(), grace, folder, 'file');
    expect(added.ownerId).toBe(ada.accountId);
    expect(await expectJson(getNode(added.id, ada), 200)).toMatchObject({ ownerId: ada.accountId, writerId: grace.accountId });
    await uploadVersion(url(), grace, added, new Uint8Array(randomBytes(500)));
    expect((await call(url(), 'GET', `/api/files/${added.id}/content`, { actor: ada })).status).toBe(200);

    // A read-write recipient may hand out a link to it; the link lasts as long as the share.
    const { request, accessToken } = linkRequest(folder);
    await expectJson(call(url(), 'POST', '/api/links', { actor: grace, body: request }), 201);
    expect((await call(url(), 'POST', `/api/public/links/${request.id}/open`, { body: { accessToken } })).status).toBe(200);

    // The recipient leaves.
    await expectJson(call(url(), 'DELETE', `/api/shares/${created.id}`, { actor: grace }), 204);
    await expectError(await getNode(folder.id, grace), 404, NO_SUCH_NODE);
    await expectError(await createNodeAs(grace, folder), 404, NO_SUCH_NODE);
    await expectError(await call(url(), 'GET', `/api/public/links/${request.id}`), 404, NO_SUCH_NODE);
    expect(await expectJson<ShareView[]>(call(url(), 'GET', '/api/shares/outgoing', { actor: ada }), 200)).not.toContainEqual(expect.objectContaining({ id: created.id }));
  });
});

describe("links a read-write recipient makes to the owner's nodes", () => {
  it('show in the owner\'s list with their maker, and the owner (but nobody else) may revoke them', async () => {
    const folder = await createNode(url(), ada, root);
    const file = await createNode(url(), ada, folder, 'file');
    await uploadVersion(url(), ada, file, new Uint8Array(randomBytes(300)));
    const created = await share(folder, grace, 'write');
    await expectJson(accept(created.id, grace), 200);
    const { request, accessToken } = linkRequest(file);
    await expectJson(call(url(), 'POST', '/api/links', { actor: grace, body: request }), 201);
    const links = async (who: Actor) => (await expectJson<{ items: { id: string; createdBy: string; revokedAt: string | null }[] }>(call(url(), 'GET', '/api/links?limit=500', { actor: who }), 200)).items;

    expect((await links(ada)).find((link) => link.id === request.id)).toMatchObject({ createdBy: grace.accountId, revokedAt: null });
    expect((await links(grace)).find((link) => link.id === request.id)).toMatchObject({ createdBy: grace.accountId });
    expect((await links(eve)).map((link) => link.id)).not.toContain(request.id);
    await expectError(await call(url(), 'DELETE', `/api/links/${request.id}`, { actor: eve }), 404, { code: 'NOT_FOUND', message: 'No such link.' });
    expect((await call(url(), 'POST', `/api/public/links/${request.id}/open`, { body: { accessToken } })).status).toBe(200);

    await expectJson(call(url(), 'DELETE', `/api/links/${request.id}`, { actor: ada }), 204);

    await expectError(await call(url(), 'POST', `/api/public/links/${request.id}/open`, { body: { accessToken } }), 410, { code: 'LINK_REVOKED', message: 'This link was revoked by its owner.' });
    expect((await links(grace)).find((link) => link.id === request.id)?.revokedAt).not.toBeNull();
  });
});

describe('refusals', () => {
  it('lets only the owner share, and never with itself or twice with one account', async () => {
    const folder = await createNode(url(), ada, root);
    const body = async (sender: Actor, recipient: Actor) => ({ nodeId: folder.id, recipientId: recipient.accountId, role: 'read', sealedKey: await sealedKey(folder, sender, recipient) });

    await expectError(await call(url(), 'POST', '/api/shares', { actor: eve, body: await body(eve, grace) }), 404, NO_SUCH_NODE);
    const toGrace = await share(folder, grace, 'write');
    await expectJson(accept(toGrace.id, grace), 200);
    // A recipient, even read-write, cannot pass the folder on.
    await expectError(await call(url(), 'POST', '/api/shares', { actor: grace, body: await body(grace, eve) }), 403, {
      code: 'FORBIDDEN',
      message: "Only the folder's owner can share it.",
    });
    await expectError(await call(url(), 'POST', '/api/shares', { actor: ada, body: await body(ada, grace) }), 409, {
      code: 'CONFLICT',
      message: 'This folder is already shared with this account.',
    });
    const self = await call(url(), 'POST', '/api/shares', { actor: ada, body: { ...(await body(ada, grace)), recipientId: ada.accountId } });
    await expectError(self, 400, { code: 'VALIDATION_FAILED', message: 'The request is invalid.', issues: [{ path: 'body.recipientId', message: 'must be another account' }] });
  });

  it('refuses a file, an unknown recipient and a malformed sealed key', async () => {
    const folder = await createNode(url(), ada, root);
    const file = await createNode(url(), ada, folder, 'file');
    const key = await sealedKey(folder, ada, grace);

    expect((await call(url(), 'POST', '/api/shares', { actor: ada, body: { nodeId: file.id, recipientId: grace.accountId, role: 'read', sealedKey: key } })).status).toBe(400);
    await expectError(
      await call(url(), 'POST', '/api/shares', { actor: ada, body: { nodeId: folder.id, recipientId: '00000000-0000-4000-8000-000000000000', role: 'read', sealedKey: key } }),
      404,
      { code: 'NOT_FOUND', message: 'No such account.' },
    );
    const short = Buffer.from(key, 'base64url').subarray(0, 146).toString('base64url');
    const refused = await call(url(), 'POST', '/api/shares', { actor: ada, body: { nodeId: folder.id, recipientId: grace.accountId, role: 'read', sealedKey: short } });
    await expectError(refused, 400, { code: 'VALIDATION_FAILED', message: 'The request is invalid.', issues: [{ path: 'body.sealedKey', message: 'must be a 147-byte key share (version 1) of a node key' }] });
    expect((await call(url(), 'POST', '/api/shares', { actor: ada, body: { nodeId: folder.id, recipientId: grace.accountId, role: 'admin', sealedKey: key } })).status).toBe(400);
    expect(await database!.prisma.share.count({ where: { nodeId: { in: [folder.id, file.id] } } })).toBe(0);
  });

  it('lets neither a stranger accept or end a share, nor the owner accept it', async () => {
    const folder = await createNode(url(), ada, root);
    const created = await share(folder, grace, 'read');

    await expectError(await accept(created.id, eve), 404, NO_SUCH_SHARE);
    await expectError(await accept(created.id, ada), 404, NO_SUCH_SHARE);
    await expectError(await call(url(), 'DELETE', `/api/shares/${created.id}`, { actor: eve }), 404, NO_SUCH_SHARE);
    expect(await expectJson<ShareView[]>(call(url(), 'GET', '/api/shares/incoming', { actor: eve }), 200)).toEqual([]);
    expect((await database!.prisma.share.findUnique({ where: { id: created.id } }))?.acceptedAt).toBeNull();
    await expectError(await call(url(), 'GET', '/api/shares/incoming'), 401, { code: 'UNAUTHENTICATED', message: 'Authentication failed.' });
    expect((await call(url(), 'POST', '/api/shares/not-a-uuid/accept', { actor: grace })).status).toBe(400);
  });
});

describe('account deletion', () => {
  it("removes the account's shares, given and received", async () => {
    const lin = await signUp(url(), 'lin');
    const linActor = actor(lin);
    const linRoot = await createNode(url(), linActor, null);
    const linFolder = await createNode(url(), linActor, linRoot);
    const adaFolder = await createNode(url(), ada, root);
    const given = await share(linFolder, grace, 'read', linActor);
    const received = await share(adaFolder, linActor, 'read');
    await expectJson(accept(given.id, grace), 200);

    await lin.client.deleteAccount(lin.password);

    expect(await database!.prisma.share.count({ where: { id: { in: [given.id, received.id] } } })).toBe(0);
    const incoming = await expectJson<ShareView[]>(call(url(), 'GET', '/api/shares/incoming', { actor: grace }), 200);
    expect(incoming.map((item) => item.id)).not.toContain(given.id);
    const outgoing = await expectJson<ShareView[]>(call(url(), 'GET', '/api/shares/outgoing', { actor: ada }), 200);
    expect(outgoing.map((item) => item.id)).not.toContain(received.id);
    await expectError(await getNode(linFolder.id, grace), 404, NO_SUCH_NODE);
  });
});

describe("the SDK's sharing routes", () => {
  it('share, list, accept and leave a folder', async () => {
    const asAda = createSharingRoutesFor({ baseUrl: url(), token: () => ada.token });
    const asGrace = createSharingRoutesFor({ baseUrl: url(), token: () => grace.token });
    const folder = await createNode(url(), ada, root);

    const created = await asAda.createShare({ nodeId: folder.id, recipientId: grace.accountId, role: 'read', sealedKey: await sealedKey(folder, ada, grace) });
    expect((await asAda.listOutgoingShares()).map((item) => item.id)).toContain(created.id);
    expect((await asGrace.listIncomingShares()).find((item) => item.id === created.id)).toMatchObject({ ownerEmail: adaAccount.email, acceptedAt: null });
    expect((await asGrace.acceptShare(created.id)).acceptedAt).not.toBeNull();
    await expect(asAda.acceptShare(created.id)).rejects.toMatchObject({ status: 404, code: 'NOT_FOUND' });
    await asGrace.deleteShare(created.id);
    expect((await asGrace.listIncomingShares()).map((item) => item.id)).not.toContain(created.id);
  });
});

describe('OpenAPI', () => {
  it('documents the share routes', async () => {
    const document = await expectJson<{ paths: Record<string, unknown> }>(call(url(), 'GET', '/api/docs/openapi.json'), 200);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/shares', '/api/shares/outgoing', '/api/shares/incoming', '/api/shares/{id}/accept', '/api/shares/{id}']),
    );
  });
});

/** An attempt by `who` to create a folder in `parent`, answered as is. */
function createNodeAs(who: Actor, parent: TestNode): Promise<Response> {
  return call(url(), 'POST', '/api/nodes', { actor: who, body: nodeRequest(who, parent).body });
}

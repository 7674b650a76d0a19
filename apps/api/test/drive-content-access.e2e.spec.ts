// `contentAccess`: what the SDK hands a context that streams a file without holding any other key
// (the web drive's downloads Service Worker). Against the real API (this process) and a fresh
// Postgres database: the access opens exactly the version it names, through its own route, with
// the bearer token or the link's grant, and nothing else.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileContext } from '@coffre/crypto/file';
import { createTestDatabase } from '@coffre/db/testing';
import { type ContentAccess, type FetchCiphertext, bytesSource, createPublicLinkHttpApi, openContent, openLink, readPlaintext } from '@coffre/sdk/drive';
import { createDriveRoutesFor } from '@coffre/sdk/drive-routes';
import { createSharingRoutesFor } from '@coffre/sdk/sharing-routes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DriveAccount, patternBytes, readStream, signUpWithDrive } from './support/drive-session.js';
import { startTestApp, type TestApp } from './support/start-test-app.js';

let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
let api: TestApp | undefined;
let dataDir: string;
let ada: DriveAccount;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'coffre-content-access-'));
  database = await createTestDatabase();
  api = await startTestApp({ DATABASE_URL: database.url, COFFRE_DATA_DIR: dataDir });
  ada = await signUpWithDrive(api.url, 'ada');
});

afterAll(async () => {
  await api?.close();
  await database?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

/** The ciphertext route of an access, as a Service Worker would call it (`token` for drive routes). */
function fetcherOf(access: ContentAccess, token: string | undefined): FetchCiphertext {
  const { route } = access;
  if (route.kind === 'drive') {
    const routes = createDriveRoutesFor({ baseUrl: api!.url, token: () => token });
    return (range, signal) => routes.getVersionContent(route.nodeId, route.number, range, signal);
  }
  const routes = createSharingRoutesFor({ baseUrl: api!.url });
  return (range, signal) => routes.getLinkContent(route.linkId, route.nodeId, route.grant, range, signal);
}

async function readWith(access: ContentAccess, fetchCiphertext: FetchCiphertext): Promise<Buffer> {
  const file = await openContent(fetchCiphertext, { key: access.fileKey, context: fileContext(access.binding) });
  return readStream(readPlaintext(file, fetchCiphertext));
}

describe('contentAccess', () => {
  const first = patternBytes(300_000, 1);
  const second = patternBytes(200_000, 2);

  it('opens the current version, or the one asked for, and no other', async () => {
    const root = await ada.drive.root();
    await ada.drive.upload(bytesSource(first), { parent: root, name: 'versions.bin' });
    const { node } = await ada.drive.upload(bytesSource(second), { parent: root, name: 'versions.bin' });
    const oldest = Math.min(...(await ada.drive.versions(node)).map((version) => version.number));

    const current = await ada.drive.contentAccess(node);
    expect(current.size).toBe(second.length);
    expect(current.route).toMatchObject({ kind: 'drive', nodeId: node.id });
    expect(Buffer.compare(await readWith(current, fetcherOf(current, ada.client.token)), Buffer.from(second))).toBe(0);

    const older = await ada.drive.contentAccess(node, oldest);
    expect(older.size).toBeNull();
    expect(Buffer.compare(await readWith(older, fetcherOf(older, ada.client.token)), Buffer.from(first))).toBe(0);

    // One version's key does not open another version's content.
    await expect(readWith(older, fetcherOf(current, ada.client.token))).rejects.toMatchObject({ code: 'TAMPERED' });
    // Without the bearer token the API refuses.
    await expect(readWith(current, fetcherOf(current, undefined))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('gives a link session the grant, and only for what is below the link', async () => {
    const folder = await ada.drive.mkdir(await ada.drive.root(), 'linked');
    const { node } = await ada.drive.upload(bytesSource(first), { parent: folder, name: 'inside.bin' });
    const { url } = await ada.drive.createLink(folder, { base: 'https://coffre.example' });
    const session = await openLink(createPublicLinkHttpApi({ baseUrl: api!.url }), url);
    const [child] = await session.list(session.node);
    expect(child?.id).toBe(node.id);

    const access = await session.contentAccess(child!);
    expect(access.route).toMatchObject({ kind: 'link', nodeId: node.id });
    expect(Buffer.compare(await readWith(access, fetcherOf(access, undefined)), Buffer.from(first))).toBe(0);
    await expect(session.contentAccess(session.node)).rejects.toMatchObject({ code: 'NOT_A_FILE' });
  });
});

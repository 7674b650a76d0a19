// Uploads, versions and downloads end to end: the real API in this process on a fresh Postgres
// database, the local Redis (purges run as BullMQ jobs), and the development storage (three
// directories as three jurisdictions) in a data directory this file owns and inspects.
import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase } from '@coffre/db/testing';
import { type OpenedStorage } from '@coffre/storage/open-storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DriveSweepService } from '../src/drive-jobs/drive-sweep.service.js';
import { ObjectPurgeService } from '../src/drive-jobs/object-purge.service.js';
import { ObjectPurgesRepository } from '../src/drive-jobs/object-purges.repository.js';
import { FileVersionsRepository } from '../src/files/file-versions.repository.js';
import { STORAGE } from '../src/storage/storage.tokens.js';
import {
  type DriveUser,
  type TestNode,
  MIB,
  driveUser,
  eventually,
  expectApiError,
  fileKeyWrapFor,
  filesOf,
  makeNode,
  makeRoot,
  partsOf,
  randomContent,
  readAll,
  request,
  sha256Hex,
  uploadVersion,
} from './support/drive.js';
import { expectError } from './support/expect-error.js';
import { startTestApp, type TestApp } from './support/start-test-app.js';

/** The largest part this API takes (COFFRE_DRIVE_MAX_PART_BYTES), small enough to exceed cheaply. */
const MAX_PART = 2 * MIB;
/** The quota of new accounts here (COFFRE_DRIVE_DEFAULT_QUOTA_BYTES). */
const DEFAULT_QUOTA = 64 * MIB;

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let api: TestApp;
let dataDir: string;
let ada: DriveUser;
let root: TestNode;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'coffre-drive-uploads-'));
  database = await createTestDatabase();
  api = await startTestApp({
    DATABASE_URL: database.url,
    COFFRE_DATA_DIR: dataDir,
    COFFRE_DRIVE_MAX_PART_BYTES: String(MAX_PART),
    COFFRE_DRIVE_DEFAULT_QUOTA_BYTES: String(DEFAULT_QUOTA),
  });
  ada = await driveUser(api.url, 'ada');
  root = await makeRoot(ada);
});

afterAll(async () => {
  await api?.close();
  await database?.drop();
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
});

const VALIDATION_FAILED = { status: 400, code: 'VALIDATION_FAILED' };
const NOT_FOUND = { status: 404, code: 'NOT_FOUND' };
const CONFLICT = { status: 409, code: 'CONFLICT' };

function same(actual: Uint8Array, expected: Uint8Array): boolean {
  return Buffer.from(actual).equals(Buffer.from(expected));
}

async function usedBytes(user: DriveUser): Promise<number> {
  return ((await (await request(api.url, user, 'GET', '/api/account')).json()) as { usedBytes: number }).usedBytes;
}

/** Sends a part through raw HTTP, with whatever headers and body a test wants. */
function putPart(uploadId: string, n: number | string, body: BodyInit | undefined, headers: Record<string, string>): Promise<Response> {
  return request(api.url, ada, 'PUT', `/api/uploads/${uploadId}/parts/${n}`, { ...(body !== undefined && { body }), headers });
}

/** A stream of `bytes`, for a body of unannounced length (chunked). */
function streamOf(bytes: Uint8Array): ReadableStream<Uint8Array> {
  let sent = false;
  return new ReadableStream({
    pull(controller) {
      if (sent) return controller.close();
      sent = true;
      controller.enqueue(bytes);
    },
  });
}

async function storedObject(objectId: string) {
  return database.prisma.storedObject.findUnique({ where: { id: objectId } });
}

describe('an upload', () => {
  it('is sent part by part, resumed from what the server holds, committed, and read back whole or by range', async () => {
    const file = await makeNode(ada, root, 'file');
    const bytes = randomContent(2 * MIB + 12_345);
    const parts = partsOf(bytes, MIB);
    const upload = await ada.routes.startUpload(file.id, { ciphertextSize: bytes.length, partSize: MIB });
    expect(upload).toMatchObject({ nodeId: file.id, number: 1, ciphertextSize: bytes.length, partSize: MIB, partCount: 3, parts: [] });

    await ada.routes.putPart(upload.uploadId, 2, parts[2]!.bytes, parts[2]!.sha256);
    await ada.routes.putPart(upload.uploadId, 0, parts[0]!.bytes, parts[0]!.sha256);
    const resumed = await ada.routes.getUpload(upload.uploadId);
    expect(resumed.parts).toEqual([0, 2].map((n) => ({ n, sha256: parts[n]!.sha256, size: parts[n]!.size })));
    await ada.routes.putPart(upload.uploadId, 1, new Blob([parts[1]!.bytes as Uint8Array<ArrayBuffer>]), parts[1]!.sha256);

    const version = await ada.routes.completeUpload(upload.uploadId, {
      fileKeyWrap: fileKeyWrapFor(file, 1),
      parts: parts.map(({ n, sha256, size }) => ({ n, sha256, size })),
    });
    expect(version).toMatchObject({ nodeId: file.id, number: 1, encryptedAs: 1, ciphertextSize: bytes.length, partSize: MIB, state: 'committed' });
    expect((await ada.routes.getNode(file.id)).currentVersion).toEqual(version);
    await expectApiError(ada.routes.getUpload(upload.uploadId), NOT_FOUND);

    const whole = await ada.routes.getContent(file.id);
    expect(whole).toMatchObject({ status: 200, version: 1, encryptedAs: 1, length: bytes.length, size: bytes.length });
    expect(same(await readAll(whole.body), bytes)).toBe(true);

    for (const [range, first, last] of [
      [{ start: MIB - 100, end: MIB + 100 }, MIB - 100, MIB + 99],
      [{ start: 0, end: 1 }, 0, 0],
      [{ start: 2 * MIB }, 2 * MIB, bytes.length - 1],
      [{ suffix: 500 }, bytes.length - 500, bytes.length - 1],
      [{ start: 10, end: bytes.length }, 10, bytes.length - 1],
    ] as const) {
      const partial = await ada.routes.getVersionContent(file.id, 1, range);
      expect(partial, JSON.stringify(range)).toMatchObject({ status: 206, length: last - first + 1, size: bytes.length, version: 1 });
      expect(same(await readAll(partial.body), bytes.subarray(first, last + 1)), JSON.stringify(range)).toBe(true);
    }
  });

  it('answers content with its headers: length, range, version, and an etag per version', async () => {
    const file = await makeNode(ada, root, 'file');
    const bytes = randomContent(5000);
    const version = await uploadVersion(ada, file, bytes);
    const response = await request(api.url, ada, 'GET', `/api/files/${file.id}/versions/${version.number}/content`, { headers: { range: 'bytes=100-199' } });

    expect(response.status).toBe(206);
    expect(Object.fromEntries(['content-type', 'content-length', 'content-range', 'accept-ranges', 'x-coffre-version', 'x-coffre-encrypted-as', 'cache-control'].map((name) => [name, response.headers.get(name)]))).toEqual({
      'content-type': 'application/octet-stream',
      'content-length': '100',
      'content-range': 'bytes 100-199/5000',
      'accept-ranges': 'bytes',
      'x-coffre-version': '1',
      'x-coffre-encrypted-as': '1',
      'cache-control': 'private, no-store',
    });
    expect(same(new Uint8Array(await response.arrayBuffer()), bytes.subarray(100, 200))).toBe(true);
    const etag = response.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f-]{36}"$/);
    const head = await request(api.url, ada, 'HEAD', `/api/files/${file.id}/content`);
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('5000');
    expect(head.headers.get('etag')).toBe(etag);
    expect((await head.arrayBuffer()).byteLength).toBe(0);

    await uploadVersion(ada, file, randomContent(10));
    const newer = await ada.routes.getContent(file.id);
    expect(newer.version).toBe(2);
    expect(newer.etag).not.toBe(etag);
    await newer.body.cancel();
  });

  it('refuses ranges it cannot satisfy with 416 and the size, and serves nothing of a file without a version', async () => {
    const file = await makeNode(ada, root, 'file');
    await uploadVersion(ada, file, randomContent(1000));
    for (const range of ['bytes=1000-', 'bytes=500-100', 'bytes=0-1,5-9', 'bytes=-0', 'pages=1-2', 'bytes=x-y']) {
      const response = await request(api.url, ada, 'GET', `/api/files/${file.id}/content`, { headers: { range } });
      expect(response.headers.get('content-range'), range).toBe('bytes */1000');
      await expectError(response, 416, { code: 'RANGE_NOT_SATISFIABLE', message: 'The requested byte range is outside the content.', details: { size: 1000 } } as never);
    }
    const empty = await makeNode(ada, root, 'file');
    await expectApiError(ada.routes.getContent(empty.id), { ...NOT_FOUND, message: 'No such file version.' });
    await expectApiError(ada.routes.getVersionContent(file.id, 2), NOT_FOUND);
    const folder = await makeNode(ada, root, 'folder');
    await expectApiError(ada.routes.getContent(folder.id), NOT_FOUND);
    await expectApiError(ada.routes.startUpload(folder.id, { ciphertextSize: 10, partSize: MIB }), NOT_FOUND);
  });

  it('refuses part sizes and counts out of bounds', async () => {
    const file = await makeNode(ada, root, 'file');
    for (const body of [
      { ciphertextSize: 10, partSize: MIB - 4096 },
      { ciphertextSize: 10, partSize: MIB + 1 },
      { ciphertextSize: 10, partSize: MAX_PART + 4096 },
      { ciphertextSize: 0, partSize: MIB },
      { ciphertextSize: 10_001 * MIB, partSize: MIB },
      { ciphertextSize: 1.5, partSize: MIB },
    ]) {
      await expectApiError(ada.routes.startUpload(file.id, body), VALIDATION_FAILED);
    }
    expect(await database.prisma.fileVersion.count({ where: { nodeId: file.id } })).toBe(0);
  });
});

describe('a part', () => {
  async function started(size = 3 * MIB) {
    const file = await makeNode(ada, root, 'file');
    const bytes = randomContent(size);
    const upload = await ada.routes.startUpload(file.id, { ciphertextSize: bytes.length, partSize: MIB });
    return { file, bytes, upload, parts: partsOf(bytes, MIB) };
  }

  it('sent again with the same hash is answered at once without its body being read', async () => {
    const { upload, parts } = await started();
    const first = await ada.routes.putPart(upload.uploadId, 0, parts[0]!.bytes, parts[0]!.sha256);
    // Other bytes under the same hash: had the body been read, the checksum would not match.
    const again = await ada.routes.putPart(upload.uploadId, 0, parts[1]!.bytes, parts[0]!.sha256);
    expect(again).toEqual(first);
    expect(first).toEqual({ n: 0, sha256: parts[0]!.sha256, size: MIB });
  });

  it('sent again with another hash is a conflict, and the other bytes are not kept', async () => {
    const { upload, parts } = await started();
    await ada.routes.putPart(upload.uploadId, 0, parts[0]!.bytes, parts[0]!.sha256);
    await expectApiError(ada.routes.putPart(upload.uploadId, 0, parts[1]!.bytes, parts[1]!.sha256), { ...CONFLICT, message: 'This part was already uploaded with other bytes.' });
    expect(await storedObject(parts[1]!.sha256)).toBeNull();
    expect(await filesOf(dataDir, parts[1]!.sha256)).toEqual([]);
  });

  it('whose bytes do not match its hash is refused with CHECKSUM_MISMATCH, and nothing is stored', async () => {
    const { upload, parts } = await started();
    const corrupted = new Uint8Array(parts[0]!.bytes);
    corrupted[12_345]! ^= 0x01;
    await expectApiError(ada.routes.putPart(upload.uploadId, 0, corrupted, parts[0]!.sha256), {
      status: 400,
      code: 'CHECKSUM_MISMATCH',
      message: 'The bytes received do not match their declared checksum.',
    });
    expect(await storedObject(parts[0]!.sha256)).toBeNull();
    expect(await filesOf(dataDir, parts[0]!.sha256)).toEqual([]);
    expect((await ada.routes.getUpload(upload.uploadId)).parts).toEqual([]);
    // The right bytes are then accepted.
    await ada.routes.putPart(upload.uploadId, 0, parts[0]!.bytes, parts[0]!.sha256);
  });

  it('of the wrong size is refused, announced or not, and nothing is stored', async () => {
    const { upload, parts, bytes } = await started(2 * MIB + 10);
    const short = parts[0]!.bytes.subarray(0, MIB - 1);
    const long = bytes.subarray(0, MIB + 1);
    const headers = (of: Uint8Array) => ({ 'content-type': 'application/octet-stream', 'x-content-sha256': sha256Hex(of) });

    for (const body of [short, long]) {
      const announced = await putPart(upload.uploadId, 0, body as Uint8Array<ArrayBuffer>, headers(body));
      await expectError(announced, 400, { code: 'VALIDATION_FAILED', message: 'The request is invalid.', issues: [{ path: 'body', message: `part 0 must be exactly ${MIB} bytes` }] });
      const chunked = await fetch(`${api.url}/api/uploads/${upload.uploadId}/parts/0`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${ada.token}`, ...headers(body) },
        body: streamOf(body),
        duplex: 'half',
      } as RequestInit);
      await expectError(chunked, 400, { code: 'VALIDATION_FAILED', message: 'The request is invalid.', issues: [{ path: 'body', message: `part 0 must be exactly ${MIB} bytes` }] });
      expect(await storedObject(sha256Hex(body))).toBeNull();
      expect(await filesOf(dataDir, sha256Hex(body))).toEqual([]);
    }
    // The last part is the rest: 10 bytes here.
    await expectApiError(ada.routes.putPart(upload.uploadId, 2, parts[0]!.bytes, parts[0]!.sha256), VALIDATION_FAILED);
    await ada.routes.putPart(upload.uploadId, 2, parts[2]!.bytes, parts[2]!.sha256);
    expect(parts[2]!.size).toBe(10);
  });

  it('holding bytes stored already is recorded without a second copy, once its bytes are checked', async () => {
    const bytes = randomContent(200_000);
    const first = await makeNode(ada, root, 'file');
    const second = await makeNode(ada, root, 'file');
    await uploadVersion(ada, first, bytes);
    await uploadVersion(ada, second, bytes);
    expect(same(await readAll((await ada.routes.getContent(second.id)).body), bytes)).toBe(true);
    expect(await filesOf(dataDir, sha256Hex(bytes))).toHaveLength(3);

    // Naming a stored object is not enough to refer to it: the bytes must hash to it.
    const third = await makeNode(ada, root, 'file');
    const upload = await ada.routes.startUpload(third.id, { ciphertextSize: bytes.length, partSize: MIB });
    await expectApiError(ada.routes.putPart(upload.uploadId, 0, randomContent(bytes.length), sha256Hex(bytes)), { status: 400, code: 'CHECKSUM_MISMATCH' });
    expect((await ada.routes.getUpload(upload.uploadId)).parts).toEqual([]);
    expect(await filesOf(dataDir, sha256Hex(bytes))).toHaveLength(3);
  });

  it('whose client goes away mid-body leaves nothing stored, and can be sent again', async () => {
    const { upload, parts } = await started();
    const part = parts[1]!;
    await new Promise<void>((resolve) => {
      const url = new URL(`${api.url}/api/uploads/${upload.uploadId}/parts/1`);
      const sending = httpRequest(url, {
        method: 'PUT',
        headers: { authorization: `Bearer ${ada.token}`, 'content-type': 'application/octet-stream', 'x-content-sha256': part.sha256, 'content-length': String(part.size) },
      });
      sending.on('error', () => resolve());
      sending.on('close', () => resolve());
      sending.write(part.bytes.subarray(0, 300_000), () => setTimeout(() => sending.destroy(), 300));
    });
    await eventually(async () => expect(await filesOf(dataDir, part.sha256)).toEqual([]));
    expect(await storedObject(part.sha256)).toBeNull();
    expect((await ada.routes.getUpload(upload.uploadId)).parts).toEqual([]);
    await ada.routes.putPart(upload.uploadId, 1, part.bytes, part.sha256);
    expect(await filesOf(dataDir, part.sha256)).toHaveLength(3);
  });

  it('stored while its upload is abandoned is answered 404, and removed from storage', async () => {
    const { upload, parts } = await started();
    const part = parts[0]!;
    const url = new URL(`${api.url}/api/uploads/${upload.uploadId}/parts/0`);
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const sending = httpRequest(url, {
        method: 'PUT',
        headers: { authorization: `Bearer ${ada.token}`, 'content-type': 'application/octet-stream', 'x-content-sha256': part.sha256, 'content-length': String(part.size) },
      });
      sending.on('error', reject);
      sending.on('response', (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      });
      sending.write(part.bytes.subarray(0, 500_000), () => {
        // The server is streaming the part into storage; the upload goes away meanwhile.
        setTimeout(() => {
          ada.routes.abandonUpload(upload.uploadId).then(() => sending.end(part.bytes.subarray(500_000)), reject);
        }, 300);
      });
    });

    const { status, body } = await answer;
    expect(status).toBe(404);
    expect(JSON.parse(body)).toMatchObject({ error: { code: 'NOT_FOUND', message: 'No such upload.' } });
    await eventually(async () => expect(await filesOf(dataDir, part.sha256)).toEqual([]));
    expect(await storedObject(part.sha256)).toBeNull();
  });

  it('over the size limit is refused with 413 before it is read', async () => {
    const { upload } = await started();
    const response = await putPart(upload.uploadId, 0, new Uint8Array(MAX_PART + 1), {
      'content-type': 'application/octet-stream',
      'x-content-sha256': 'a'.repeat(64),
    });
    await expectError(response, 413, { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large.' });
  });

  it('needs its hash, a valid part number and an octet stream', async () => {
    const { upload, parts } = await started();
    const body = parts[0]!.bytes as Uint8Array<ArrayBuffer>;
    const octets = { 'content-type': 'application/octet-stream' };
    const cases: [Response, number, string][] = [
      [await putPart(upload.uploadId, 0, body, octets), 400, 'headers.x-content-sha256'],
      [await putPart(upload.uploadId, 0, body, { ...octets, 'x-content-sha256': 'xyz' }), 400, 'headers.x-content-sha256'],
      [await putPart(upload.uploadId, 3, body, { ...octets, 'x-content-sha256': parts[0]!.sha256 }), 400, 'param.n'],
      [await putPart(upload.uploadId, 'one', body, { ...octets, 'x-content-sha256': parts[0]!.sha256 }), 400, 'param.n'],
      [await putPart(upload.uploadId, 10_000, body, { ...octets, 'x-content-sha256': parts[0]!.sha256 }), 400, 'param.n'],
    ];
    for (const [response, status, path] of cases) {
      expect(response.status).toBe(status);
      expect(((await response.json()) as { error: { issues: { path: string }[] } }).error.issues.map((issue) => issue.path)).toContain(path);
    }
    const json = await request(api.url, ada, 'PUT', `/api/uploads/${upload.uploadId}/parts/0`, { json: { bytes: 'abc' }, headers: { 'x-content-sha256': parts[0]!.sha256 } });
    await expectError(json, 415, { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the part as application/octet-stream.' });
    const untyped = await request(api.url, ada, 'PUT', `/api/uploads/${upload.uploadId}/parts/0`, { body, headers: { 'x-content-sha256': parts[0]!.sha256, 'content-type': '' } });
    expect(untyped.status).toBe(415);
    expect((await ada.routes.getUpload(upload.uploadId)).parts).toEqual([]);
  });
});

describe('completing an upload', () => {
  it('names the missing parts, refuses a list that is not the parts held, and refuses a wrong key wrap', async () => {
    const file = await makeNode(ada, root, 'file');
    const bytes = randomContent(3 * MIB);
    const parts = partsOf(bytes, MIB);
    const upload = await ada.routes.startUpload(file.id, { ciphertextSize: bytes.length, partSize: MIB });
    await ada.routes.putPart(upload.uploadId, 0, parts[0]!.bytes, parts[0]!.sha256);
    const listed = parts.map(({ n, sha256, size }) => ({ n, sha256, size }));
    const fileKeyWrap = fileKeyWrapFor(file, upload.number);

    await expectApiError(ada.routes.completeUpload(upload.uploadId, { fileKeyWrap, parts: listed }), {
      status: 409,
      code: 'UPLOAD_INCOMPLETE',
      message: 'The upload is missing parts; send them and complete it again.',
      details: expect.objectContaining({ missing: [1, 2] }),
    });
    for (const part of parts.slice(1)) await ada.routes.putPart(upload.uploadId, part.n, part.bytes, part.sha256);
    await expectApiError(ada.routes.completeUpload(upload.uploadId, { fileKeyWrap, parts: listed.slice(0, 2) }), CONFLICT);
    await expectApiError(ada.routes.completeUpload(upload.uploadId, { fileKeyWrap, parts: [listed[0]!, { ...listed[1]!, sha256: parts[2]!.sha256 }, listed[2]!] }), CONFLICT);
    await expectApiError(ada.routes.completeUpload(upload.uploadId, { fileKeyWrap: fileKeyWrapFor(file, upload.number).slice(0, 40), parts: listed }), VALIDATION_FAILED);
    const wrongPurpose = await expectApiError(ada.routes.completeUpload(upload.uploadId, { fileKeyWrap: (await ada.routes.getNode(file.id)).keyWrap, parts: listed }), VALIDATION_FAILED);
    expect(wrongPurpose.issues).toEqual([{ path: 'body.fileKeyWrap', message: 'must be a file-key-wrap envelope' }]);
    expect((await ada.routes.listVersions(file.id))).toEqual([]);

    const version = await ada.routes.completeUpload(upload.uploadId, { fileKeyWrap, parts: listed });
    // A retry after a lost answer gets the same version; other parts or another key do not.
    expect(await ada.routes.completeUpload(upload.uploadId, { fileKeyWrap, parts: listed })).toEqual(version);
    await expectApiError(ada.routes.completeUpload(upload.uploadId, { fileKeyWrap: fileKeyWrapFor(file, upload.number), parts: listed }), CONFLICT);
  });

  it('commits once however many completes race, charging the quota once', async () => {
    const lin = await driveUser(api.url, 'lin');
    const linRoot = await makeRoot(lin);
    const file = await makeNode(lin, linRoot, 'file');
    const bytes = randomContent(MIB + 1);
    const parts = partsOf(bytes, MIB);
    const upload = await lin.routes.startUpload(file.id, { ciphertextSize: bytes.length, partSize: MIB });
    for (const part of parts) await lin.routes.putPart(upload.uploadId, part.n, part.bytes, part.sha256);
    const body = { fileKeyWrap: fileKeyWrapFor(file, upload.number), parts: parts.map(({ n, sha256, size }) => ({ n, sha256, size })) };

    const outcomes = await Promise.all(Array.from({ length: 8 }, () => lin.routes.completeUpload(upload.uploadId, body)));

    expect(new Set(outcomes.map((outcome) => JSON.stringify(outcome))).size).toBe(1);
    expect(await lin.routes.listVersions(file.id)).toHaveLength(1);
    expect(await usedBytes(lin)).toBe(bytes.length);
  });
});

describe('quota', () => {
  it('is the configured default for a new account', async () => {
    const account = (await (await request(api.url, ada, 'GET', '/api/account')).json()) as { quotaBytes: number };
    expect(account.quotaBytes).toBe(DEFAULT_QUOTA);
  });

  it('refuses an upload that does not fit, saying how much is left, and counts every started upload', async () => {
    const lin = await driveUser(api.url, 'lin');
    const linRoot = await makeRoot(lin);
    await database.prisma.account.update({ where: { id: lin.accountId }, data: { quotaBytes: 10_000n } });
    const file = await makeNode(lin, linRoot, 'file');
    await uploadVersion(lin, file, randomContent(4000));

    await expectApiError(lin.routes.startUpload(file.id, { ciphertextSize: 6001, partSize: MIB }), {
      status: 413,
      code: 'QUOTA_EXCEEDED',
      message: 'This would exceed your storage quota.',
      details: { remainingBytes: 6000 },
    });
    const pending = await lin.routes.startUpload(file.id, { ciphertextSize: 6000, partSize: MIB });
    await expectApiError(lin.routes.startUpload(file.id, { ciphertextSize: 1, partSize: MIB }), { status: 413, code: 'QUOTA_EXCEEDED', details: { remainingBytes: 0 } });
    await lin.routes.abandonUpload(pending.uploadId);
    expect(await usedBytes(lin)).toBe(4000);

    // A restored version is charged like an upload.
    const other = await lin.routes.startUpload(file.id, { ciphertextSize: 3000, partSize: MIB });
    await expectApiError(lin.routes.restoreVersion(file.id, 1), { status: 413, code: 'QUOTA_EXCEEDED', details: { remainingBytes: 3000 } });
    await lin.routes.abandonUpload(other.uploadId);
    expect((await lin.routes.restoreVersion(file.id, 1)).number).toBe(4);
    expect(await usedBytes(lin)).toBe(8000);
  });

  it('admits exactly what fits when uploads start at the same time', async () => {
    const lin = await driveUser(api.url, 'lin');
    const linRoot = await makeRoot(lin);
    await database.prisma.account.update({ where: { id: lin.accountId }, data: { quotaBytes: 10_000n } });
    const file = await makeNode(lin, linRoot, 'file');

    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => lin.routes.startUpload(file.id, { ciphertextSize: 3000, partSize: MIB })));

    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(3);
    expect(await usedBytes(lin)).toBe(9000);
    const numbers = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value.number] : []));
    expect(new Set(numbers).size).toBe(3);
  });
});

describe('versions', () => {
  it('keeps the newest N, removing older versions and their stored parts', async () => {
    const lin = await driveUser(api.url, 'lin');
    const linRoot = await makeRoot(lin);
    await database.prisma.account.update({ where: { id: lin.accountId }, data: { keepVersions: 2 } });
    const file = await makeNode(lin, linRoot, 'file');
    const contents = [randomContent(1000), randomContent(2000), randomContent(3000), randomContent(4000)];
    for (const content of contents) await uploadVersion(lin, file, content);

    expect((await lin.routes.listVersions(file.id)).map((version) => version.number)).toEqual([4, 3]);
    expect(await usedBytes(lin)).toBe(7000);
    for (const old of contents.slice(0, 2)) {
      await eventually(async () => expect(await filesOf(dataDir, sha256Hex(old))).toEqual([]));
      expect(await storedObject(sha256Hex(old))).toBeNull();
    }
    expect(await filesOf(dataDir, sha256Hex(contents[3]!))).toHaveLength(3);
  });

  it('restores an older version as the newest, over the same parts, and deletes versions but the last', async () => {
    const lin = await driveUser(api.url, 'lin');
    const linRoot = await makeRoot(lin);
    const file = await makeNode(lin, linRoot, 'file');
    const first = randomContent(1500);
    await uploadVersion(lin, file, first);
    await uploadVersion(lin, file, randomContent(2500));

    const restored = await lin.routes.restoreVersion(file.id, 1);

    expect(restored).toMatchObject({ number: 3, encryptedAs: 1, ciphertextSize: 1500, state: 'committed' });
    expect(restored.fileKeyWrap).toBe((await lin.routes.listVersions(file.id)).find((version) => version.number === 1)?.fileKeyWrap);
    const content = await lin.routes.getContent(file.id);
    expect(content).toMatchObject({ version: 3, encryptedAs: 1 });
    expect(same(await readAll(content.body), first)).toBe(true);
    expect(await usedBytes(lin)).toBe(1500 + 2500 + 1500);

    // Version 1's parts are also version 3's: deleting version 1 keeps them.
    await lin.routes.deleteVersion(file.id, 1);
    await lin.routes.deleteVersion(file.id, 2);
    await expectApiError(lin.routes.deleteVersion(file.id, 3), { ...CONFLICT, message: 'This is the only version of the file; delete the file instead.' });
    await expectApiError(lin.routes.deleteVersion(file.id, 1), NOT_FOUND);
    await expectApiError(lin.routes.restoreVersion(file.id, 2), NOT_FOUND);
    expect(same(await readAll((await lin.routes.getVersionContent(file.id, 3)).body), first)).toBe(true);
    expect(await usedBytes(lin)).toBe(1500);
    expect(await filesOf(dataDir, sha256Hex(first))).toHaveLength(3);

    // Numbers are never handed out twice.
    expect((await uploadVersion(lin, file, randomContent(10))).number).toBe(4);
  });
});

describe('abandoned and expired uploads', () => {
  it('give their quota back and lose their parts: abandoned at once, expired at the next sweep', async () => {
    const lin = await driveUser(api.url, 'lin');
    const linRoot = await makeRoot(lin);
    const file = await makeNode(lin, linRoot, 'file');
    const abandoned = randomContent(3000);
    const expired = randomContent(4000);
    const first = await lin.routes.startUpload(file.id, { ciphertextSize: 3000, partSize: MIB });
    await lin.routes.putPart(first.uploadId, 0, abandoned, sha256Hex(abandoned));
    const second = await lin.routes.startUpload(file.id, { ciphertextSize: 4000, partSize: MIB });
    await lin.routes.putPart(second.uploadId, 0, expired, sha256Hex(expired));
    expect(await usedBytes(lin)).toBe(7000);

    await lin.routes.abandonUpload(first.uploadId);
    await expectApiError(lin.routes.getUpload(first.uploadId), NOT_FOUND);
    await expectApiError(lin.routes.abandonUpload(first.uploadId), NOT_FOUND);
    expect(await usedBytes(lin)).toBe(4000);
    await eventually(async () => expect(await filesOf(dataDir, sha256Hex(abandoned))).toEqual([]));

    await database.prisma.fileVersion.update({ where: { id: second.uploadId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expectApiError(lin.routes.getUpload(second.uploadId), NOT_FOUND);
    await expectApiError(lin.routes.putPart(second.uploadId, 0, expired, sha256Hex(expired)), NOT_FOUND);
    const report = await api.app.get(DriveSweepService).sweep();
    expect(report.expiredUploads).toBeGreaterThanOrEqual(1);
    expect(await usedBytes(lin)).toBe(0);
    expect(await database.prisma.fileVersion.findUnique({ where: { id: second.uploadId } })).toBeNull();
    await eventually(async () => expect(await filesOf(dataDir, sha256Hex(expired))).toEqual([]));
  });
});

describe('objects written but never recorded', () => {
  it('are queued by the sweep once an hour old and purged; referenced and younger objects stay', async () => {
    const { store } = api.app.get<OpenedStorage>(STORAGE);
    const orphan = randomContent(2000);
    const young = randomContent(2100);
    // What a process that died between writing a part and recording it leaves behind.
    for (const bytes of [orphan, young]) await store.put(sha256Hex(bytes), new Blob([Buffer.from(bytes)]).stream(), bytes.length);
    const file = await makeNode(ada, root, 'file');
    const kept = randomContent(2200);
    await uploadVersion(ada, file, kept);
    const twoHoursAgo = new Date(Date.now() - 2 * 3600 * 1000);
    await database.prisma.storedObject.updateMany({ where: { id: { in: [sha256Hex(orphan), sha256Hex(kept)] } }, data: { createdAt: twoHoursAgo } });

    const report = await api.app.get(DriveSweepService).sweep();

    expect(report.orphansQueued).toBeGreaterThanOrEqual(1);
    await eventually(async () => expect(await filesOf(dataDir, sha256Hex(orphan))).toEqual([]));
    expect(await database.prisma.storedObject.findUnique({ where: { id: sha256Hex(orphan) } })).toBeNull();
    expect(await filesOf(dataDir, sha256Hex(young))).toHaveLength(3);
    expect(await filesOf(dataDir, sha256Hex(kept))).toHaveLength(3);
    expect(same(await readAll((await ada.routes.getContent(file.id)).body), kept)).toBe(true);
    // The next sweep finds nothing more to queue among these.
    expect((await api.app.get(DriveSweepService).sweep()).orphansQueued).toBe(0);
  });
});

describe('the purge job', () => {
  it('keeps an object a file version still refers to, and forgets its queue entry', async () => {
    const file = await makeNode(ada, root, 'file');
    const bytes = randomContent(3000);
    await uploadVersion(ada, file, bytes);
    await api.app.get(FileVersionsRepository).queuePurge(sha256Hex(bytes));

    await expect(api.app.get(ObjectPurgeService).purge(sha256Hex(bytes))).resolves.toBe('still-referenced');

    expect(await filesOf(dataDir, sha256Hex(bytes))).toHaveLength(3);
    expect(await database.prisma.objectPurge.findUnique({ where: { objectId: sha256Hex(bytes) } })).toBeNull();
    expect(same(await readAll((await ada.routes.getContent(file.id)).body), bytes)).toBe(true);
  });

  it('leaves an entry queued again while it ran for the next run, and is done once the object is gone', async () => {
    const purges = api.app.get(ObjectPurgesRepository);
    const objectId = sha256Hex(randomContent(16));
    await api.app.get(FileVersionsRepository).queuePurge(objectId);
    const queuedAt = (await purges.queuedAt(objectId))!;
    await api.app.get(FileVersionsRepository).queuePurge(objectId);
    const requeuedAt = (await purges.queuedAt(objectId))!;
    expect(requeuedAt.getTime()).toBeGreaterThan(queuedAt.getTime());

    await purges.forget(objectId, queuedAt);
    expect(await purges.queuedAt(objectId)).toEqual(requeuedAt);
    // Nothing stored under that id: the job only forgets the entry.
    await expect(api.app.get(ObjectPurgeService).purge(objectId)).resolves.toBe('absent');
    await expect(api.app.get(ObjectPurgeService).purge(objectId)).resolves.toBe('not-queued');
  });
});

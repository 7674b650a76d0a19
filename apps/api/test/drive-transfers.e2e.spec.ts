// The SDK's upload and download pipelines against the real API (this process), a fresh Postgres
// database, the local Redis and three local storage directories: round trips of every shape,
// ranges, resuming an interrupted upload, restarting when the file changed, and content that a
// server (or its disks) altered, which must fail clearly and never yield wrong bytes.
import { readFile, readdir, stat, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase } from '@coffre/db/testing';
import { type DriveNode, DriveError, bytesSource, createMemoryUploadStateStore, streamSource } from '@coffre/sdk/drive';
import { createFileUploadStateStore, fileSource, saveDownload, uploadStateKey } from '@coffre/sdk/drive-node';
import { ApiError } from '@coffre/sdk/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DriveAccount, driveFor, patternBytes, readStream, signUpWithDrive } from './support/drive-session.js';
import { startTestApp, type TestApp } from './support/start-test-app.js';

const MIB = 1024 * 1024;
/** The smallest part the API takes, so that a few MiB make several parts. */
const PART = MIB;

let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
let api: TestApp | undefined;
let dataDir: string;
let ada: DriveAccount;
let folder: DriveNode;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'coffre-drive-transfers-'));
  database = await createTestDatabase();
  api = await startTestApp({ DATABASE_URL: database.url, COFFRE_DATA_DIR: dataDir });
  ada = await signUpWithDrive(api.url, 'ada');
  folder = await ada.drive.mkdir(await ada.drive.root(), 'transfers');
});

afterAll(async () => {
  await api?.close();
  await database?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

async function downloadBytes(file: DriveNode, options: Parameters<DriveAccount['drive']['download']>[1] = {}): Promise<Buffer> {
  return readStream((await ada.drive.download(file, options)).stream);
}

/** A fetch that counts part uploads, and can abort the transfer after `abortAfter` of them. */
function countingParts(abortAfter?: { parts: number; controller: AbortController }) {
  const counter = { parts: 0 };
  const wrap = (inner: typeof fetch): typeof fetch =>
    async (input, init) => {
      const url = String(input);
      if (init?.method === 'PUT' && /\/parts\/\d+$/.test(url)) {
        counter.parts++;
        const response = await inner(input, init);
        if (abortAfter !== undefined && counter.parts >= abortAfter.parts) abortAfter.controller.abort(new Error('client killed'));
        return response;
      }
      return inner(input, init);
    };
  return { counter, wrap };
}

describe('round trips', () => {
  it.each([
    ['an empty file', 0],
    ['one byte', 1],
    ['less than a chunk', 1000],
    ['exactly one chunk', 256 * 1024],
    ['several parts, the last one short', 3 * MIB + 12_345],
    ['a size where a chunk straddles every part boundary', 4 * MIB],
  ])('uploads and downloads %s to identical bytes', async (_name, size) => {
    const bytes = patternBytes(size, size + 1);
    const progress: number[] = [];
    const result = await ada.drive.upload(bytesSource(bytes, { mtime: 1767225600000, mediaType: 'application/octet-stream' }), {
      parent: folder,
      name: `round-trip-${size}.bin`,
      partSize: PART,
      onProgress: ({ done, total }) => {
        expect(total).toBe(size);
        progress.push(done);
      },
    });
    expect(result.node).toMatchObject({ kind: 'file', size, mtime: 1767225600000, mediaType: 'application/octet-stream', contentVersion: result.version.number });
    expect(result.partsSent).toBe(Math.ceil(result.version.ciphertextSize / PART));
    expect(progress.at(-1)).toBe(size);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));

    const listed = await ada.drive.resolve(`/transfers/round-trip-${size}.bin`);
    expect((await downloadBytes(listed)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('uploads from a stream read once, front to back', async () => {
    const bytes = patternBytes(2 * MIB + 77, 5);
    const stream = new Blob([bytes as BlobPart]).stream();
    const { node } = await ada.drive.upload(streamSource(stream, bytes.length), { parent: folder, name: 'streamed.bin', partSize: PART });
    expect((await downloadBytes(node)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('downloads byte ranges, fetching only their chunks', async () => {
    const bytes = patternBytes(3 * MIB + 999, 6);
    const { node } = await ada.drive.upload(bytesSource(bytes), { parent: folder, name: 'ranges.bin', partSize: PART });
    for (const [start, end] of [
      [0, 1],
      [1000, 1001],
      [256 * 1024 - 5, 256 * 1024 + 5],
      [MIB - 3, 2 * MIB + 3],
      [bytes.length - 10, bytes.length],
      [500, 500],
    ] as const) {
      const download = await ada.drive.download(node, { start, end });
      expect(download.length).toBe(end - start);
      expect((await readStream(download.stream)).equals(Buffer.from(bytes.subarray(start, end)))).toBe(true);
    }
    await expect(ada.drive.download(node, { start: 10, end: bytes.length + 1 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('adds versions to a file of the same name, downloads each, and restores an older one as current', async () => {
    const first = patternBytes(300_000, 7);
    const second = patternBytes(200_000, 8);
    const v1 = await ada.drive.upload(bytesSource(first), { parent: folder, name: 'versions.txt', partSize: PART });
    const v2 = await ada.drive.upload(bytesSource(second), { parent: folder, name: 'versions.txt', partSize: PART });
    expect(v2.node.id).toBe(v1.node.id);
    expect(v2.node.size).toBe(second.length);
    expect((await downloadBytes(v2.node)).equals(Buffer.from(second))).toBe(true);
    expect((await downloadBytes(v2.node, { version: v1.version.number })).equals(Buffer.from(first))).toBe(true);

    const versions = await ada.drive.versions(v2.node);
    expect(versions.map((version) => [version.number, version.current])).toEqual([
      [v2.version.number, true],
      [v1.version.number, false],
    ]);
    const restored = await ada.drive.restoreVersion(v2.node, v1.version.number);
    expect(restored.node).toMatchObject({ size: first.length, contentVersion: v1.version.encryptedAs });
    expect((await downloadBytes(restored.node)).equals(Buffer.from(first))).toBe(true);
    await expect(ada.drive.upload(bytesSource(first), { parent: folder, name: 'versions.txt', ifExists: 'fail' })).rejects.toMatchObject({ code: 'NAME_TAKEN' });
  });

  it('uploads a local file and saves a download to disk, through a temporary file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'coffre-local-'));
    try {
      const local = path.join(dir, 'photo.png');
      await writeFile(local, patternBytes(MIB + 3, 9));
      const source = await fileSource(local);
      const { node } = await ada.drive.upload(source, { parent: folder, name: 'photo.png', partSize: PART }).finally(() => source.close?.());
      expect(node.mediaType).toBe('image/png');
      const target = path.join(dir, 'copy.png');
      await saveDownload(await ada.drive.download(node), target);
      expect((await readFile(target)).equals(await readFile(local))).toBe(true);
      expect((await readdir(dir)).sort()).toEqual(['copy.png', 'photo.png']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses to download a folder, and a file whose upload never finished', async () => {
    await expect(ada.drive.download(folder)).rejects.toMatchObject({ code: 'NOT_A_FILE' });
    const controller = new AbortController();
    const { wrap } = countingParts({ parts: 1, controller });
    const { drive } = driveFor(api!.url, ada, wrap);
    await expect(drive.upload(bytesSource(patternBytes(3 * MIB)), { parent: folder, name: 'never-finished.bin', partSize: PART, signal: controller.signal })).rejects.toMatchObject({ code: 'ABORTED' });
    // Without a state store nothing can resume: the upload and the node it created are gone.
    await expect(ada.drive.resolve('/transfers/never-finished.bin')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('resume', () => {
  it('resumes an upload interrupted half-way: only the missing parts are sent, and the bytes are identical', async () => {
    const bytes = patternBytes(6 * MIB + 4321, 11);
    const store = createMemoryUploadStateStore();
    const resume = { key: 'resume-half-way', store };
    const controller = new AbortController();
    const first = countingParts({ parts: 3, controller });
    await expect(
      driveFor(api!.url, ada, first.wrap).drive.upload(bytesSource(bytes, { mtime: 1 }), { parent: folder, name: 'resumed.bin', partSize: PART, resume, signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'ABORTED' });
    const saved = await store.get(resume.key);
    expect(saved).toBeDefined();
    // Parts still in flight when the client stopped may land after this: `held` only grows.
    const held = (await ada.api.getUpload(saved!.uploadId)).parts.length;
    expect(held).toBeGreaterThanOrEqual(1);
    const total = Math.ceil(saved!.ciphertextSize / PART);
    expect(held).toBeLessThan(total);

    const second = countingParts();
    const result = await driveFor(api!.url, ada, second.wrap).drive.upload(bytesSource(bytes, { mtime: 1 }), { parent: folder, name: 'resumed.bin', partSize: PART, resume });
    expect(result).toMatchObject({ resumed: true, restarted: false });
    expect(second.counter.parts).toBe(result.partsSent);
    expect(result.partsSent).toBeGreaterThan(0);
    expect(result.partsSent).toBeLessThanOrEqual(total - held);
    expect(await store.get(resume.key)).toBeUndefined();
    expect((await downloadBytes(result.node)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('resumes from a state directory after the process is gone, in a new session', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'coffre-resume-'));
    try {
      const local = path.join(dir, 'big.bin');
      const bytes = patternBytes(5 * MIB + 1, 12);
      await writeFile(local, bytes);
      const stateDir = path.join(dir, 'state');
      const key = uploadStateKey({ accountId: ada.accountId, localPath: local, parentId: folder.id, name: 'big.bin' });
      const controller = new AbortController();
      const first = countingParts({ parts: 2, controller });
      const source = await fileSource(local);
      await expect(
        driveFor(api!.url, ada, first.wrap).drive.upload(source, { parent: folder, name: 'big.bin', partSize: PART, resume: { key, store: createFileUploadStateStore(stateDir) }, signal: controller.signal }),
      ).rejects.toMatchObject({ code: 'ABORTED' });
      await source.close?.();

      // A new login, a new drive, a new store object over the same directory: a new process.
      const session = await ada.client.login(ada.email, ada.password);
      const later = countingParts();
      const { drive } = driveFor(api!.url, { ...ada, ...session }, later.wrap);
      const again = await fileSource(local);
      const result = await drive
        .upload(again, { parent: await drive.resolve('/transfers'), name: 'big.bin', partSize: PART, resume: { key, store: createFileUploadStateStore(stateDir) } })
        .finally(() => again.close?.());
      expect(result.resumed).toBe(true);
      expect(later.counter.parts).toBe(result.partsSent);
      expect(later.counter.parts).toBeLessThan(Math.ceil(result.version.ciphertextSize / PART));
      expect((await downloadBytes(result.node)).equals(Buffer.from(bytes))).toBe(true);
      expect(await readdir(stateDir)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('starts over with a fresh key when the file changed under the same size and mtime', async () => {
    const original = patternBytes(4 * MIB + 100, 13);
    const store = createMemoryUploadStateStore();
    const resume = { key: 'resume-changed', store };
    const controller = new AbortController();
    const first = countingParts({ parts: 2, controller });
    await expect(
      driveFor(api!.url, ada, first.wrap).drive.upload(bytesSource(original, { mtime: 5 }), { parent: folder, name: 'changed.bin', partSize: PART, resume, signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'ABORTED' });
    const abandoned = (await store.get(resume.key))!;

    const changed = patternBytes(original.length, 14); // same size, same mtime, other bytes
    const second = countingParts();
    const result = await driveFor(api!.url, ada, second.wrap).drive.upload(bytesSource(changed, { mtime: 5 }), { parent: folder, name: 'changed.bin', partSize: PART, resume });
    expect(result).toMatchObject({ resumed: false, restarted: true });
    expect(second.counter.parts).toBe(Math.ceil(result.version.ciphertextSize / PART));
    expect((await downloadBytes(result.node)).equals(Buffer.from(changed))).toBe(true);
    // The interrupted upload was abandoned, its parts are no longer held.
    await expect(ada.api.getUpload(abandoned.uploadId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // And the new content is under a new key: the old key wrap does not open the new version.
    expect(result.version.fileKeyWrap).not.toBe(abandoned.keyWrap);
  });

  it('starts over when the file changed size', async () => {
    const store = createMemoryUploadStateStore();
    const resume = { key: 'resume-resized', store };
    const controller = new AbortController();
    const first = countingParts({ parts: 1, controller });
    await expect(
      driveFor(api!.url, ada, first.wrap).drive.upload(bytesSource(patternBytes(3 * MIB, 15)), { parent: folder, name: 'resized.bin', partSize: PART, resume, signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'ABORTED' });
    const grown = patternBytes(3 * MIB + 1, 15);
    const result = await ada.drive.upload(bytesSource(grown), { parent: folder, name: 'resized.bin', partSize: PART, resume });
    expect(result).toMatchObject({ resumed: false, restarted: true });
    expect((await downloadBytes(result.node)).equals(Buffer.from(grown))).toBe(true);
  });

  it('retries parts through server errors and dropped connections', async () => {
    let failures = 0;
    const flaky = (inner: typeof fetch): typeof fetch =>
      async (input, init) => {
        if (init?.method === 'PUT' && failures < 3) {
          failures++;
          if (failures === 2) throw new TypeError('fetch failed: socket hang up');
          return new Response(JSON.stringify({ error: { code: 'DEPENDENCY_UNAVAILABLE', message: 'try again', correlationId: 'x' } }), { status: 503 });
        }
        return inner(input, init);
      };
    const bytes = patternBytes(2 * MIB + 5, 16);
    const { node } = await driveFor(api!.url, ada, flaky).drive.upload(bytesSource(bytes), {
      parent: folder,
      name: 'flaky.bin',
      partSize: PART,
      retry: { attempts: 5, baseDelayMs: 5, maxDelayMs: 20 },
    });
    expect(failures).toBe(3);
    expect((await downloadBytes(node)).equals(Buffer.from(bytes))).toBe(true);
  });
});

describe('altered content', () => {
  it('fails with TAMPERED, releasing nothing unverified, when the server alters a byte in transit', async () => {
    const bytes = patternBytes(2 * MIB, 17);
    const { node } = await ada.drive.upload(bytesSource(bytes), { parent: folder, name: 'altered.bin', partSize: PART });
    const flipAt = MIB + 1234; // in the ciphertext of a chunk well after the first
    const altering = (inner: typeof fetch): typeof fetch =>
      async (input, init) => {
        const response = await inner(input, init);
        if (!String(input).includes('/content')) return response;
        const range = /bytes=(\d+)-(\d+)/.exec(new Headers(init?.headers).get('range') ?? '');
        const start = Number(range?.[1] ?? 0);
        const body = new Uint8Array(await response.arrayBuffer());
        if (flipAt >= start && flipAt - start < body.length) body[flipAt - start]! ^= 0x01;
        return new Response(body, { status: response.status, headers: response.headers });
      };
    const { drive } = driveFor(api!.url, ada, altering);
    const file = await drive.resolve('/transfers/altered.bin');
    const dir = await mkdtemp(path.join(tmpdir(), 'coffre-altered-'));
    try {
      const error = await saveDownload(await drive.download(file), path.join(dir, 'out.bin')).then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect(error).toBeInstanceOf(DriveError);
      expect(error).toMatchObject({ code: 'TAMPERED', message: expect.stringMatching(/failed authentication \(chunk \d+\)/) });
      expect(await readdir(dir)).toEqual([]);
      // A range that avoids the altered chunk still reads.
      expect((await readStream((await drive.download(file, { start: 0, end: 1000 })).stream)).equals(Buffer.from(bytes.subarray(0, 1000)))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    expect(node.id).toBe(file.id);
  });

  it('fails clearly, never with wrong bytes, when every stored copy of a part was altered on disk', async () => {
    const bytes = patternBytes(2 * MIB + 10, 18);
    const { node, version } = await ada.drive.upload(bytesSource(bytes), { parent: folder, name: 'rotten.bin', partSize: PART });
    const row = await database!.prisma.fileVersion.findFirstOrThrow({ where: { nodeId: node.id, number: version.number }, include: { parts: true } });
    const objectId = row.parts.find((part) => part.n === 1)!.objectId;
    const copies = await findFiles(path.join(dataDir, 'storage'), objectId);
    expect(copies.length).toBeGreaterThanOrEqual(2);
    for (const copy of copies) {
      const stored = await readFile(copy);
      stored[1000]! ^= 0xff;
      await writeFile(copy, stored);
    }
    const received: Buffer[] = [];
    const error = await (async () => {
      const reader = (await ada.drive.download(node, { retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 50 } })).stream.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return undefined;
        received.push(Buffer.from(value));
      }
    })().catch((thrown: unknown) => thrown);
    expect(error === undefined).toBe(false);
    // The store refuses the rotten copies and breaks the connection off; the SDK retries, then says so.
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', message: expect.stringMatching(/kept breaking off/) });
    const got = Buffer.concat(received);
    // Whatever arrived before the failure is a verified prefix of the file.
    expect(got.equals(Buffer.from(bytes.subarray(0, got.length)))).toBe(true);
    expect(got.length).toBeLessThan(bytes.length);
  });
});

/** Every file named `name` below `root`. */
async function findFiles(root: string, name: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(root, { recursive: true })) {
    if (path.basename(entry) === name && (await stat(path.join(root, entry))).isFile()) found.push(path.join(root, entry));
  }
  return found;
}

import { mkdtemp, open, readFile, readdir, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Download } from '../download-file.js';
import { DriveError } from '../drive-error.js';
import { type UploadState } from '../upload-state.js';
import { fileSource } from './file-source.js';
import { createFileUploadStateStore, uploadStateKey } from './file-upload-state-store.js';
import { saveDownload } from './save-download.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'coffre-sdk-node-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const state: UploadState = {
  format: 1,
  accountId: 'a',
  source: { size: 10, mtime: 1 },
  ownerId: 'a',
  nodeId: 'n',
  createdNode: true,
  uploadId: 'u',
  number: 1,
  partSize: 1 << 20,
  chunkSize: 1 << 18,
  ciphertextSize: 106,
  keyWrap: 'AA',
  parts: { '0': { mac: 'BB', sha256: 'cc' } },
};

describe('file upload state store', () => {
  it('keeps states across store instances (a new process), private to the user, without temporary files', async () => {
    const stateDir = path.join(dir, 'state');
    await createFileUploadStateStore(stateDir).put('key', state);
    expect(await createFileUploadStateStore(stateDir).get('key')).toEqual(state);
    expect(await createFileUploadStateStore(stateDir).get('other')).toBeUndefined();
    const files = await readdir(stateDir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^[0-9a-f]{64}\.upload\.json$/);
    expect((await stat(path.join(stateDir, files[0]!))).mode & 0o777).toBe(0o600);
    expect((await stat(stateDir)).mode & 0o777).toBe(0o700);
    await createFileUploadStateStore(stateDir).delete('key');
    expect(await readdir(stateDir)).toEqual([]);
  });

  it('treats an unreadable state as none, so the upload starts over', async () => {
    const store = createFileUploadStateStore(dir);
    await store.put('key', state);
    const [file] = await readdir(dir);
    await writeFile(path.join(dir, file!), '{ truncated');
    expect(await store.get('key')).toBeUndefined();
  });

  it('keys uploads by account, absolute source path, destination and NFC name', () => {
    const base = { accountId: 'a', localPath: 'x/file', parentId: 'p', name: 'Amélie' };
    expect(uploadStateKey(base)).toBe(uploadStateKey({ ...base, localPath: path.resolve('x/file'), name: 'Ame\u0301lie' }));
    for (const change of [{ accountId: 'b' }, { localPath: 'y/file' }, { parentId: 'q' }, { name: 'other' }]) {
      expect(uploadStateKey({ ...base, ...change })).not.toBe(uploadStateKey(base));
    }
  });
});

describe('file source', () => {
  it('reads any range, and reports a file that shrank', async () => {
    const file = path.join(dir, 'notes.txt');
    await writeFile(file, Buffer.from('0123456789'));
    const source = await fileSource(file);
    try {
      expect(source).toMatchObject({ size: 10, mediaType: 'text/plain', randomAccess: true });
      expect(Buffer.from(await source.read(7, 10)).toString()).toBe('789');
      expect(Buffer.from(await source.read(0, 3)).toString()).toBe('012');
      await truncate(file, 5);
      await expect(source.read(3, 8)).rejects.toMatchObject({ code: 'SOURCE_CHANGED' });
    } finally {
      await source.close?.();
    }
  });

  it('refuses a directory', async () => {
    await expect(fileSource(dir)).rejects.toBeInstanceOf(Error);
  });
});

function downloadOf(pieces: Uint8Array[], failure?: Error): Download {
  let index = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (index < pieces.length) controller.enqueue(pieces[index++]!);
      else if (failure) controller.error(failure);
      else controller.close();
    },
  });
  return { stream, length: 0, fileSize: 0, version: {} as Download['version'] };
}

describe('saveDownload', () => {
  it('writes the file whole, through a temporary file renamed at the end', async () => {
    const target = path.join(dir, 'out.bin');
    await saveDownload(downloadOf([Buffer.from('hello '), Buffer.from('world')]), target);
    expect(await readFile(target, 'utf8')).toBe('hello world');
    expect(await readdir(dir)).toEqual(['out.bin']);
  });

  it('flushes to disk while the download goes on, and fails whole when a flush fails', async () => {
    const target = path.join(dir, 'out.bin');
    const pieces = Array.from({ length: 12 }, (_, index) => Buffer.alloc(512 * 1024, index));
    const probe = await open(path.join(dir, 'probe'), 'w');
    const fileHandle = Object.getPrototypeOf(probe) as { datasync(): Promise<void> };
    await probe.close();
    await rm(path.join(dir, 'probe'));
    // Counted, not run: what matters is when flushes start and what a failed one does.
    const datasync = vi.spyOn(fileHandle, 'datasync').mockResolvedValue(undefined);
    try {
      await saveDownload(downloadOf(pieces), target, { flushEveryBytes: 2 * 1024 * 1024 });
      expect((await readFile(target)).equals(Buffer.concat(pieces))).toBe(true);
      // 6 MiB in 1 MiB writes, a flush started after every 2 MiB unless the last one still runs.
      expect(datasync.mock.calls.length).toBeGreaterThanOrEqual(1);

      await writeFile(target, 'previous');
      datasync.mockRejectedValueOnce(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
      await expect(saveDownload(downloadOf(pieces), target, { flushEveryBytes: 2 * 1024 * 1024 })).rejects.toThrow('EIO');
      expect(await readFile(target, 'utf8')).toBe('previous');
      expect(await readdir(dir)).toEqual(['out.bin']);
    } finally {
      datasync.mockRestore();
    }
  });

  it('leaves an existing destination untouched and no partial file when the download fails', async () => {
    const target = path.join(dir, 'out.bin');
    await writeFile(target, 'previous');
    const tampered = new DriveError('TAMPERED', 'chunk 3');
    await expect(saveDownload(downloadOf([Buffer.from('wrong')], tampered), target)).rejects.toBe(tampered);
    expect(await readFile(target, 'utf8')).toBe('previous');
    expect(await readdir(dir)).toEqual(['out.bin']);
  });
});

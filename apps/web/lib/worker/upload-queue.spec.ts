import { type Drive, type DriveApi, type DriveNode, DriveError, type UploadOptions, type UploadState } from '@coffre/sdk/drive';
import { describe, expect, it, vi } from 'vitest';
import { type TransferView } from './protocol.ts';
import { createUploadQueue, FILES_IN_FLIGHT } from './upload-queue.ts';
import { createUploadVault, type SealedUploadRecord, type UploadRecordStore } from './upload-vault.ts';

function memoryStore(): UploadRecordStore {
  const slots = new Map<string, SealedUploadRecord>();
  return {
    getAll: async () => [...slots.values()].map((value) => structuredClone(value)),
    get: async (id) => (slots.has(id) ? structuredClone(slots.get(id)) : undefined),
    put: async (record) => void slots.set(record.transferId, structuredClone(record)),
    delete: async (id) => void slots.delete(id),
  };
}

const FOLDER = { id: 'folder-1', kind: 'folder', name: 'Docs' } as DriveNode;

function stateFor(key: string): UploadState {
  return { format: 1, accountId: 'acct', source: { size: 10, mtime: 5 }, ownerId: 'acct', nodeId: `node-${key}`, createdNode: true, uploadId: `upload-${key}`, number: 1, partSize: 8, chunkSize: 4, ciphertextSize: 60, keyWrap: 'wrapped', parts: {} };
}

/**
 * A drive whose uploads the test finishes by hand. The transfer pipeline itself (encryption,
 * parts, resume checks) is the SDK's and is tested there and end to end; this covers the queue.
 */
function harness() {
  const pending = new Map<string, { resolve(): void; reject(error: unknown): void; options: UploadOptions }>();
  const uploads: { name: string; key: string; resumed: boolean }[] = [];
  const api = { abandonUpload: vi.fn(async () => undefined), deleteNode: vi.fn(async () => undefined) };
  const drive = {
    mkdirs: vi.fn(async (path: string) => ({ ...FOLDER, id: `made:${path}` }) as DriveNode),
    upload: vi.fn(async (_source: unknown, options: UploadOptions) => {
      const key = options.resume!.key;
      const saved = await options.resume!.store.get(key);
      uploads.push({ name: options.name, key, resumed: saved !== undefined });
      await options.resume!.store.put(key, saved ?? stateFor(key));
      options.onProgress?.({ done: 4, total: 10 });
      await new Promise<void>((resolve, reject) => {
        pending.set(options.name, { resolve, reject, options });
        options.signal?.addEventListener('abort', () => reject(new DriveError('ABORTED', 'aborted')));
      });
      await options.resume!.store.delete(key);
      return { node: { id: `file:${options.name}` } as DriveNode, version: {} as never, partsSent: 1, resumed: saved !== undefined, restarted: false };
    }),
  };
  const vault = createUploadVault(memoryStore());
  const events: TransferView[] = [];
  const queue = createUploadQueue({
    vault,
    notify: (transfers) => events.push(...transfers),
    target: async () => ({ accountId: 'acct', drive: drive as unknown as Drive, api: api as unknown as DriveApi, folder: async () => FOLDER }),
  });
  const latest = (id: string) => events.filter((event) => event.transferId === id).at(-1);
  // The vault seals with WebCrypto, which runs on other threads: wait for what a test expects.
  const settle = () => new Promise((resolve) => setTimeout(resolve, 100));
  return { queue, drive, api, vault, pending, uploads, events, latest, settle };
}

/** Waits for an expectation; generous, since the vault's WebCrypto work slows down on a busy machine. */
function until(check: () => void): Promise<void> {
  return vi.waitFor(check, { timeout: 10_000, interval: 20 });
}

function file(name: string, size = 10, lastModified = 5): File {
  return new File([new Uint8Array(size)], name, { lastModified });
}

describe('upload queue', () => {
  it(`sends ${FILES_IN_FLIGHT} files at a time, creates dropped folders, and reports each finished upload`, async () => {
    const h = harness();
    await h.queue.add('folder-1', [
      { transferId: 'a', file: file('a.txt'), folderPath: '' },
      { transferId: 'b', file: file('b.txt'), folderPath: 'album/2026' },
      { transferId: 'c', file: file('c.txt'), folderPath: '' },
    ]);
    await until(() => expect(h.pending.size).toBe(2));
    await h.settle();
    expect(h.uploads.map((upload) => upload.name)).toEqual(['a.txt', 'b.txt']);
    expect(h.latest('c')?.status).toBe('queued');
    expect(h.drive.mkdirs).toHaveBeenCalledWith('album/2026', FOLDER);
    expect(h.drive.upload.mock.calls[1]![1].parent.id).toBe('made:album/2026');
    h.pending.get('a.txt')!.resolve();
    await until(() => expect(h.latest('a')).toMatchObject({ status: 'done', done: 10, nodeId: 'file:a.txt' }));
    await until(() => expect(h.pending.has('c.txt')).toBe(true));
    expect(h.uploads.map((upload) => upload.name)).toEqual(['a.txt', 'b.txt', 'c.txt']);
    // A finished upload leaves nothing in the vault.
    expect((await h.vault.list('acct')).map((record) => record.transferId).sort()).toEqual(['b', 'c']);
  });

  it('cancels: stops the upload, gives the server side back, and forgets it', async () => {
    const h = harness();
    await h.queue.add('folder-1', [{ transferId: 'a', file: file('a.txt'), folderPath: '' }]);
    await until(() => expect(h.pending.has('a.txt')).toBe(true));
    await h.queue.cancel('a');
    expect(h.latest('a')?.status).toBe('cancelled');
    expect(h.api.abandonUpload).toHaveBeenCalledWith('upload-a');
    expect(h.api.deleteNode).toHaveBeenCalledWith('node-a');
    expect(await h.vault.list('acct')).toEqual([]);
  });

  it('reports a failure with its code, and a retry continues under the same resume key', async () => {
    const h = harness();
    await h.queue.add('folder-1', [{ transferId: 'a', file: file('a.txt'), folderPath: '' }]);
    await until(() => expect(h.pending.has('a.txt')).toBe(true));
    h.pending.get('a.txt')!.reject(new DriveError('SOURCE_CHANGED', 'The file is shorter than when the upload started.'));
    await until(() => expect(h.latest('a')).toMatchObject({ status: 'failed', error: { code: 'SOURCE_CHANGED' } }));
    h.pending.clear();
    h.queue.retry('a');
    await until(() => expect(h.pending.has('a.txt')).toBe(true));
    expect(h.uploads).toEqual([
      { name: 'a.txt', key: 'a', resumed: false },
      { name: 'a.txt', key: 'a', resumed: true },
    ]);
    h.pending.get('a.txt')!.resolve();
    await until(() => expect(h.latest('a')).toMatchObject({ status: 'done', resumed: true }));
  });

  it('lists what a previous page load left unfinished, and continues it when the same file is picked again', async () => {
    const before = harness();
    await before.queue.add('folder-1', [{ transferId: 'old', file: file('movie.mkv'), folderPath: 'clips' }]);
    await until(() => expect(before.pending.has('movie.mkv')).toBe(true));
    before.queue.stopAll();
    await before.settle();

    // A new page load: same vault, fresh queue.
    const after = harness();
    const vault = before.vault;
    const queue = createUploadQueue({ vault, notify: (transfers) => after.events.push(...transfers), target: async () => ({ accountId: 'acct', drive: after.drive as unknown as Drive, api: after.api as unknown as DriveApi, folder: async () => FOLDER }) });
    expect(await queue.interrupted()).toEqual([{ transferId: 'old', name: 'movie.mkv', folderPath: 'clips', parentId: 'folder-1', size: 10, mtime: 5, done: 4 }]);

    // Another file (different mtime) is refused for it; dropped on its own, it starts afresh.
    await expect(queue.resume('old', file('movie.mkv', 10, 6))).rejects.toMatchObject({ code: 'SOURCE_CHANGED' });
    await queue.add('folder-1', [{ transferId: 'new', file: file('movie.mkv'), folderPath: 'clips' }]);
    await until(() => expect(after.pending.has('movie.mkv')).toBe(true));
    expect(after.uploads).toEqual([{ name: 'movie.mkv', key: 'old', resumed: true }]);
    expect(await queue.interrupted()).toEqual([]);
  });

  it('keeps the records when the session ends, so the uploads can continue after signing in again', async () => {
    const h = harness();
    await h.queue.add('folder-1', [{ transferId: 'a', file: file('a.txt'), folderPath: '' }]);
    await until(() => expect(h.pending.has('a.txt')).toBe(true));
    h.queue.stopAll();
    await h.settle();
    expect(h.api.abandonUpload).not.toHaveBeenCalled();
    expect((await h.queue.interrupted()).map((upload) => upload.transferId)).toEqual(['a']);
  });

  it('throttles progress reports but sends status changes at once', async () => {
    const h = harness();
    await h.queue.add('folder-1', [{ transferId: 'a', file: file('a.txt'), folderPath: '' }]);
    await until(() => expect(h.pending.has('a.txt')).toBe(true));
    // Progress (4 of 10) was reported just now: the page hears of it on the next tick of the throttle.
    expect(h.events.map((event) => `${event.status}:${event.done}`)).toEqual(['queued:0', 'uploading:0']);
    await until(() => expect(h.events.at(-1)).toMatchObject({ status: 'uploading', done: 4 }));
  });
});

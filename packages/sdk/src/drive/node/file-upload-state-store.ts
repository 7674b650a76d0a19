import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { type UploadState, type UploadStateStore } from '../upload-state.js';

/**
 * Upload states as files in `directory` (created with mode 0700; files 0600), one per key, named
 * by the key's SHA-256. Each write goes to a temporary file that is synced and then renamed over
 * the old one, so a crash leaves either the previous state or the new one, never half of one.
 */
export function createFileUploadStateStore(directory: string): UploadStateStore {
  const fileOf = (key: string) => path.join(directory, `${createHash('sha256').update(key).digest('hex')}.upload.json`);
  return {
    async get(key) {
      let text: string;
      try {
        text = await readFile(fileOf(key), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      try {
        return JSON.parse(text) as UploadState;
      } catch {
        return undefined; // unreadable: the upload starts over
      }
    },
    async put(key, state) {
      await mkdir(directory, { recursive: true, mode: 0o700 });
      const target = fileOf(key);
      const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
      const handle = await open(temporary, 'wx', 0o600);
      try {
        await handle.writeFile(JSON.stringify(state));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, target);
    },
    async delete(key) {
      await rm(fileOf(key), { force: true });
    },
  };
}

/**
 * The key of an upload for the state store: the same local file going to the same place for
 * the same account resumes; anything else starts a new upload.
 */
export function uploadStateKey(input: { accountId: string; localPath: string; parentId: string; name: string }): string {
  return JSON.stringify([input.accountId, path.resolve(input.localPath), input.parentId, input.name.normalize('NFC')]);
}

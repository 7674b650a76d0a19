import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';

/**
 * Flushes a directory's entries to disk. A rename, creation or unlink is only durable once the
 * directory holding the entry has been synced; syncing the file alone is not enough (POSIX).
 */
export async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Creates `directory` and any missing parents, and makes each new entry durable by syncing the
 * directory that holds it, from the topmost new one down.
 */
export async function makeDurableDirectory(directory: string): Promise<void> {
  const firstCreated = await mkdir(directory, { recursive: true });
  if (firstCreated === undefined) return;
  const parents: string[] = [];
  for (let created = directory; ; created = path.dirname(created)) {
    parents.unshift(path.dirname(created));
    if (created === firstCreated || created === path.dirname(created)) break;
  }
  for (const parent of parents) await syncDirectory(parent);
}

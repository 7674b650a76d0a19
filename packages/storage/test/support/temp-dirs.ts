import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { temporaryDirectory } from '../../src/fs/layout.js';

/** A fresh directory under the system's temp dir; remove it with `removeDirectory`. */
export function makeTempDirectory(label: string): Promise<string> {
  return mkdtemp(path.join(tmpdir(), `coffre-storage-${label}-`));
}

export function removeDirectory(directory: string): Promise<void> {
  return rm(directory, { recursive: true, force: true });
}

/** Temporary files a filesystem backend rooted at `root` has left (writes in progress or abandoned). */
export async function temporaryFiles(root: string): Promise<string[]> {
  try {
    return await readdir(temporaryDirectory(root));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

// The local side of transfers: names from the drive made safe to write, and folders walked.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { CliError } from '../cli-error.js';

/**
 * A drive name as a local file name. The SDK verifies names, but a name comes from whoever
 * wrote the node (a shared folder's other writers, a link's owner): one that could climb out
 * of the target folder is refused here too, whatever checked it before.
 * @throws CliError USAGE for ".", "..", or a name with a separator or NUL.
 */
export function localName(name: string): string {
  if (name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name)) {
    throw new CliError('USAGE', `Refusing to write a local file named ${JSON.stringify(name)}.`);
  }
  return name;
}

/** One entry below a local folder. */
export interface LocalEntry {
  /** Path relative to the walked folder, with "/" separators. */
  relative: string;
  absolute: string;
  kind: 'folder' | 'file' | 'other';
}

/**
 * Every entry below `root`, folders before what they hold, in name order. Symbolic links and
 * special files come out as `other` and are not followed (no loops, nothing outside `root`).
 */
export async function* walkLocal(root: string): AsyncGenerator<LocalEntry> {
  const pending = [''];
  while (pending.length > 0) {
    const relativeDir = pending.shift()!;
    const entries = await readdir(path.join(root, relativeDir), { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const relative = relativeDir === '' ? entry.name : `${relativeDir}/${entry.name}`;
      const absolute = path.join(root, relative);
      if (entry.isDirectory()) {
        yield { relative, absolute, kind: 'folder' };
        pending.push(relative);
      } else if (entry.isFile()) {
        yield { relative, absolute, kind: 'file' };
      } else {
        yield { relative, absolute, kind: 'other' };
      }
    }
  }
}

/** What is at a local path (following a symbolic link named explicitly): a file, a folder, something else, or nothing. */
export async function localKind(target: string): Promise<'file' | 'folder' | 'other' | 'missing'> {
  try {
    const stats = await stat(target);
    return stats.isFile() ? 'file' : stats.isDirectory() ? 'folder' : 'other';
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return 'missing';
    throw error;
  }
}

// Local files for transfer tests: random contents, and whole trees compared byte for byte.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Temporary directories of one test file, removed together at the end. */
export class TempDirs {
  private readonly all: string[] = [];

  async make(prefix = 'coffre-cli-files-'): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), prefix));
    this.all.push(dir);
    return dir;
  }

  async removeAll(): Promise<void> {
    await Promise.all(this.all.map((dir) => rm(dir, { recursive: true, force: true })));
  }
}

/** Writes `size` random bytes to `file` (creating its folder) and returns them. */
export async function randomFile(file: string, size: number): Promise<Buffer> {
  const bytes = randomBytes(size);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, bytes);
  return bytes;
}

/** Every file and folder below `root`: relative path -> SHA-256 of the content, or "dir". */
export async function treeOf(root: string): Promise<Record<string, string>> {
  const tree: Record<string, string> = {};
  for (const entry of await readdir(root, { withFileTypes: true, recursive: true })) {
    const absolute = path.join(entry.parentPath, entry.name);
    const relative = path.relative(root, absolute).split(path.sep).join('/');
    tree[relative] = entry.isDirectory() ? 'dir' : createHash('sha256').update(await readFile(absolute)).digest('hex');
  }
  return tree;
}

// Files only their owner may read: sessions hold a bearer token and the account's root key, and
// upload states hold wrapped file keys. Directories are created 0700 and files 0600; a file
// that others can read is refused, as ssh refuses a private key with loose permissions.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { CliError } from '../cli-error.js';

const FILE_MODE = 0o600;
const DIRECTORY_MODE = 0o700;

/**
 * Writes `text` to `file` atomically (temporary file, fsync, rename) with mode 0600, creating
 * its directory with mode 0700 if needed. Readers never see a half-written file.
 */
export async function writePrivateFile(file: string, text: string): Promise<void> {
  const directory = path.dirname(file);
  await mkdir(directory, { recursive: true, mode: DIRECTORY_MODE });
  const temporary = path.join(directory, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  // `open` with an explicit mode is not enough under every umask, hence the chmod.
  const handle = await open(temporary, 'wx', FILE_MODE);
  try {
    await handle.chmod(FILE_MODE);
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Reads a private file, or returns undefined if it does not exist.
 * @throws CliError UNSAFE_FILE if group or others may read or write it.
 */
export async function readPrivateFile(file: string): Promise<string | undefined> {
  let mode: number;
  try {
    mode = (await stat(file)).mode;
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
  if ((mode & 0o077) !== 0) {
    throw new CliError('UNSAFE_FILE', `${file} is accessible to other users; run \`chmod 600 ${file}\` if you trust its contents, or delete it.`);
  }
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/** Deletes a private file if it exists, overwriting its bytes first (best effort on modern disks). */
export async function deletePrivateFile(file: string): Promise<void> {
  try {
    const handle = await open(file, 'r+');
    try {
      const { size } = await handle.stat();
      await handle.write(Buffer.alloc(size), 0, size, 0);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (isMissing(error)) return;
    throw error;
  }
  await rm(file, { force: true });
}

function isMissing(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type ApiConfig } from '@coffre/config/api';
import { createServerSetup, getServerPublicKey } from '@coffre/crypto/opaque-server';

/** The file, in the data directory, that holds the setup when the configuration has none. */
export const OPAQUE_SETUP_FILE = 'opaque-server-setup';

/**
 * The OPAQUE server setup (RFC 9807: OPRF seed and the server's static key pair): from
 * `COFFRE_OPAQUE_SERVER_SETUP`, or else (development and tests; production refuses to start
 * without it) from `<dataDir>/opaque-server-setup`, created with mode 0600 on the first start so
 * that passwords keep working across restarts.
 *
 * @throws Error if the setup is not one @serenity-kit/opaque accepts, or the file cannot be
 *   read or written: the API must not start without a working setup.
 */
export async function loadOpaqueServerSetup(config: Pick<ApiConfig, 'opaqueServerSetup' | 'dataDir'>): Promise<string> {
  const setup = config.opaqueServerSetup ?? (await readOrCreateSetupFile(config.dataDir));
  try {
    await getServerPublicKey(setup);
  } catch {
    const source = config.opaqueServerSetup === undefined ? path.join(config.dataDir, OPAQUE_SETUP_FILE) : 'COFFRE_OPAQUE_SERVER_SETUP';
    throw new Error(`${source} does not hold a valid OPAQUE server setup`);
  }
  return setup;
}

async function readOrCreateSetupFile(dataDir: string): Promise<string> {
  const file = path.join(dataDir, OPAQUE_SETUP_FILE);
  await mkdir(dataDir, { recursive: true });
  // A random name per attempt: two attempts in one process within one millisecond must not share
  // (and then delete) each other's draft.
  const draft = `${file}.${randomUUID()}.tmp`;
  try {
    await writeFile(draft, await createServerSetup(), { mode: 0o600, flag: 'wx' });
    // link() creates the name only if it does not exist yet, with the content already complete:
    // of several instances starting at once on one data directory, exactly one setup wins and
    // none reads a half-written file.
    await link(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await rm(draft, { force: true });
  }
  return (await readFile(file, 'utf8')).trim();
}

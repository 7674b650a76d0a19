// The real `coffre` executable (apps/cli, built) run as separate processes, one configuration
// directory per machine, for API tests that must go through the client people use.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale } from './built-deployment.js';

const cliDir = fileURLToPath(new URL('../../../cli', import.meta.url));
const coffreBin = path.join(cliDir, 'bin', 'coffre.js');

/** Compiles the CLI unless its build is newer than its sources. */
export async function buildCli(): Promise<void> {
  await buildIfStale(cliDir, path.join(cliDir, 'dist', 'bin.js'));
}

/** How one run ended. */
export interface CoffreRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The fields of the CLI's session.json that tests read. */
export interface StoredCliSession {
  accountId: string;
  token: string;
  rootKey: string;
  keyBundle: unknown;
}

/** One machine with `coffre` on it: its own home and configuration directory, talking to `server`. */
export interface CoffreMachine {
  readonly home: string;
  run(args: readonly string[], env?: Record<string, string>): Promise<CoffreRun>;
  /** `coffre <args> --json`, parsed; throws with stderr unless it exits 0. */
  json<T>(args: readonly string[], env?: Record<string, string>): Promise<T>;
  /** What the CLI keeps of its signed-in session (session.json): the token, the root key (base64url) and the key bundle. */
  storedSession(): Promise<StoredCliSession>;
  remove(): Promise<void>;
}

/** A fresh machine whose `coffre` uses `server` (COFFRE_SERVER) and nothing from the test runner. */
export async function coffreMachine(server: string): Promise<CoffreMachine> {
  const home = await mkdtemp(path.join(tmpdir(), 'coffre-machine-'));
  const baseEnv = { PATH: process.env.PATH ?? '', HOME: home, COFFRE_CONFIG_DIR: home, COFFRE_SERVER: server };
  const run = async (args: readonly string[], env: Record<string, string> = {}): Promise<CoffreRun> => {
    const child = spawn(process.execPath, [coffreBin, ...args], { env: { ...baseEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'close')) as [number | null];
    return { code, stdout, stderr };
  };
  return {
    home,
    run,
    async json<T>(args: readonly string[], env: Record<string, string> = {}) {
      const result = await run([...args, '--json'], env);
      if (result.code !== 0) throw new Error(`coffre ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
      return JSON.parse(result.stdout) as T;
    },
    async storedSession() {
      const entries = await readdir(home, { recursive: true, withFileTypes: true });
      const file = entries.find((entry) => entry.isFile() && entry.name === 'session.json');
      if (file === undefined) throw new Error(`no session.json under ${home}`);
      return JSON.parse(await readFile(path.join(file.parentPath, file.name), 'utf8')) as StoredCliSession;
    },
    remove: () => rm(home, { recursive: true, force: true }),
  };
}

import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const appDir = fileURLToPath(new URL('../..', import.meta.url));

/** Compiles the API to dist/ exactly as `pnpm build` does, so the tests run the shipped entry. */
export async function buildApi(): Promise<void> {
  await promisify(execFile)('pnpm', ['exec', 'tsc', '-p', 'tsconfig.build.json'], { cwd: appDir });
}

/** `node dist/main.js` with exactly `env` (plus PATH): nothing leaks in from the test runner. */
export function spawnBuiltApi(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['dist/main.js'], {
    cwd: appDir,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Everything a finished process wrote, and how it ended. */
export interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Collects the output of `child` until it exits. */
export function outputOf(child: ChildProcess): Promise<Finished> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return once(child, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
    stdout,
    stderr,
  }));
}

/** Waits for the API's "listening on <url>" log line and returns the URL. */
export async function listeningUrl(child: ChildProcess, timeoutMs: number): Promise<string> {
  let seen = '';
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`API did not start within ${timeoutMs} ms:\n${seen}`)), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`API exited (${code}) before listening:\n${seen}`));
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /Coffre API listening on (http:\/\/\S+?)"/.exec(seen);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
}

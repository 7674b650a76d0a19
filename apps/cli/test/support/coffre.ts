// Running the real `coffre` executable, as a person or a script would, with its own
// configuration directory and nothing inherited from the test runner's environment.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { coffreBin } from './paths.js';

/** How a `coffre` run ended. */
export interface CoffreResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** One person's `coffre`: a configuration directory, a server, and environment variables. */
export interface CoffreUser {
  readonly configDir: string;
  /** Runs `coffre <args>` to completion. */
  run(args: readonly string[], env?: Record<string, string>): Promise<CoffreResult>;
  /** Runs `coffre <args> --json` and parses stdout; fails the test unless it exits 0. */
  json<T = Record<string, unknown>>(args: readonly string[], env?: Record<string, string>): Promise<T>;
  /** Starts `coffre <args>` without waiting (to interrupt it). */
  spawn(args: readonly string[], env?: Record<string, string>): ChildProcess;
  /** Deletes the configuration directory. */
  remove(): Promise<void>;
}

/** A fresh CLI user talking to `server` (through COFFRE_SERVER unless `env` says otherwise). */
export async function coffreUser(server: string, env: Record<string, string> = {}): Promise<CoffreUser> {
  const configDir = await mkdtemp(path.join(tmpdir(), 'coffre-cli-config-'));
  const baseEnv = { PATH: process.env.PATH ?? '', HOME: configDir, COFFRE_CONFIG_DIR: configDir, COFFRE_SERVER: server, ...env };
  const start = (args: readonly string[], extra: Record<string, string> = {}) =>
    spawn(process.execPath, [coffreBin, ...args], { env: { ...baseEnv, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
  const run = async (args: readonly string[], extra: Record<string, string> = {}) => finished(start(args, extra));
  return {
    configDir,
    run,
    json: async <T>(args: readonly string[], extra: Record<string, string> = {}) => {
      const result = await run([...args, '--json'], extra);
      if (result.code !== 0) throw new Error(`coffre ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
      return JSON.parse(result.stdout) as T;
    },
    spawn: start,
    remove: () => rm(configDir, { recursive: true, force: true }),
  };
}

/** Collects a child's output until it exits. */
export async function finished(child: ChildProcess): Promise<CoffreResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  return { code, signal, stdout, stderr };
}

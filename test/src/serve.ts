import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A running `next start`, reachable on the loopback interface. */
export interface RunningApp {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly port: number;
  /** Stops the server and waits until its process has exited. Safe to call twice. */
  stop(): Promise<void>;
}

/** Options of {@link serveNextApp}. */
export interface ServeOptions {
  /** How long to wait for the first answer before giving up. */
  readonly startTimeoutMs?: number;
  /** The port to listen on, when it must be known beforehand (e.g. for the API's CORS); a free one otherwise. */
  readonly port?: number;
  /** Variables for the server on top of the test's own, e.g. `COFFRE_API_URL`. */
  readonly env?: Readonly<Record<string, string>>;
}

/** Thrown when the app has no production build to start. */
export class AppNotBuiltError extends Error {
  override readonly name = 'AppNotBuiltError';

  constructor(readonly appDir: string) {
    super(`${appDir} has no production build (.next/BUILD_ID). Run \`next build\` there first, e.g. \`pnpm turbo run build\`.`);
  }
}

const LOOPBACK = '127.0.0.1';
const STOP_GRACE_MS = 5_000;

/** A TCP port that is free on the loopback interface right now. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') {
          resolve(address.port);
        } else {
          reject(new Error('could not read the port the probe socket was given'));
        }
      });
    });
  });
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function exited(child: ChildProcess): Promise<void> {
  return hasExited(child) ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Signals the server's whole process group, in case `next start` forked workers. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || hasExited(child)) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

async function stopServer(child: ChildProcess): Promise<void> {
  signalGroup(child, 'SIGTERM');
  const stopped = await Promise.race([exited(child).then(() => true), sleep(STOP_GRACE_MS).then(() => false)]);
  if (!stopped) {
    signalGroup(child, 'SIGKILL');
    await exited(child);
  }
}

async function waitUntilAnswering(url: string, child: ChildProcess, output: () => string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (hasExited(child)) {
      throw new Error(`next start exited with code ${child.exitCode ?? child.signalCode} before answering:\n${output()}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      return;
    } catch {
      await sleep(100);
    }
  }
  throw new Error(`next start did not answer at ${url} within ${timeoutMs} ms:\n${output()}`);
}

/**
 * Starts the production build of the Next.js app in `appDir` with `next start` on a free
 * loopback port, and resolves once it answers HTTP.
 *
 * @throws {AppNotBuiltError} if the app has not been built.
 * @throws {Error} if the server exits or does not answer in time; it is stopped first.
 */
export async function serveNextApp(appDir: string, options: ServeOptions = {}): Promise<RunningApp> {
  if (!existsSync(path.join(appDir, '.next', 'BUILD_ID'))) {
    throw new AppNotBuiltError(appDir);
  }
  const nextBin = createRequire(path.join(appDir, 'package.json')).resolve('next/dist/bin/next');
  const port = options.port ?? (await findFreePort());
  const url = `http://${LOOPBACK}:${port}`;
  const child = spawn(process.execPath, [nextBin, 'start', '--port', String(port), '--hostname', LOOPBACK], {
    cwd: appDir,
    env: { ...process.env, ...options.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    // A process group of its own, so stopping it reaches anything it started.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  try {
    await waitUntilAnswering(url, child, () => output, options.startTimeoutMs ?? 30_000);
  } catch (error) {
    await stopServer(child);
    throw error;
  }
  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    stop: () => (stopping ??= stopServer(child)),
  };
}

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { appDir } from './paths.ts';

/** A running API, built as shipped (`apps/api/dist/main.js`), on a free loopback port. */
export interface RunningApi {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** The API process's id (benchmarks read its CPU time and memory from /proc). */
  readonly pid: number | undefined;
  /** The API's log so far (JSON lines), for failure messages. */
  output(): string;
  /** Stops the API, deletes its data directory and its Redis keys. Safe to call twice. */
  stop(): Promise<void>;
}

/** Options of {@link serveApi}. */
export interface ServeApiOptions {
  /** A migrated Postgres database (e.g. from `@coffre/db/testing`). */
  readonly databaseUrl: string;
  /** Browser origins allowed to call the API: the web apps under test. */
  readonly webOrigins: readonly string[];
  /** More variables, e.g. rate limits; they win over the defaults below. */
  readonly env?: Readonly<Record<string, string>>;
  readonly startTimeoutMs?: number;
}

/** Thrown when the API has no build to start. */
export class ApiNotBuiltError extends Error {
  override readonly name = 'ApiNotBuiltError';

  constructor(readonly entry: string) {
    super(`${entry} does not exist. Build the API first, e.g. \`pnpm turbo run build\`.`);
  }
}

const STOP_GRACE_MS = 5_000;

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const stopped = await Promise.race([exited(child).then(() => true), sleep(STOP_GRACE_MS).then(() => false)]);
  if (!stopped) {
    child.kill('SIGKILL');
    await exited(child);
  }
}

/** Deletes every Redis key under `prefix`; the API's queues would otherwise outlive the test. */
async function deleteRedisKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 1000 })) {
      if ((keys as string[]).length > 0) await redis.del(...(keys as string[]));
    }
  } catch {
    // Redis is gone; whatever the API wrote expires or stays with it.
  } finally {
    redis.disconnect();
  }
}

/**
 * Starts the built API with `node dist/main.js`, configured through its environment as in
 * production, with a fresh data directory (storage backends, OPAQUE setup) and Redis prefix, and
 * authentication rate limits high enough not to get in the way of tests about something else.
 * Resolves once it logs the address it listens on.
 *
 * @throws {ApiNotBuiltError} if the API has not been built.
 * @throws {Error} if it exits or does not listen in time; it is stopped first.
 */
export async function serveApi(options: ServeApiOptions): Promise<RunningApi> {
  const apiDir = appDir('api');
  const entry = path.join(apiDir, 'dist', 'main.js');
  if (!existsSync(entry)) throw new ApiNotBuiltError(entry);
  const dataDir = await mkdtemp(path.join(tmpdir(), 'coffre-e2e-api-'));
  const redisUrl = 'redis://127.0.0.1:6379';
  const redisKeyPrefix = `coffre-e2e-${path.basename(dataDir).slice(-6)}:`;
  const child = spawn(process.execPath, [entry], {
    cwd: apiDir,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      DATABASE_URL: options.databaseUrl,
      REDIS_URL: redisUrl,
      COFFRE_REDIS_KEY_PREFIX: redisKeyPrefix,
      COFFRE_DATA_DIR: dataDir,
      COFFRE_WEB_ORIGINS: options.webOrigins.join(','),
      COFFRE_AUTH_RATE_LIMIT_PER_IP: '100000',
      COFFRE_AUTH_RATE_LIMIT_PER_EMAIL: '100000',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-64_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await stopProcess(child);
      await deleteRedisKeys(redisUrl, redisKeyPrefix);
      await rm(dataDir, { recursive: true, force: true });
    })());

  const timeoutMs = options.startTimeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const url = /Coffre API listening on (http:\/\/[^\s"]+)/.exec(output)?.[1];
    if (url !== undefined) return { url: url.replace(/\/+$/, ''), pid: child.pid, output: () => output, stop };
    if (child.exitCode !== null || child.signalCode !== null) break;
    await sleep(50);
  }
  await stop();
  throw new Error(`the API did not start within ${timeoutMs} ms:\n${output}`);
}

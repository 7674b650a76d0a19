// A real API for the CLI to talk to: the built entry point in a child process, as `npm start`
// runs it, on its own fresh Postgres database, storage directories and Redis key prefix.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@coffre/db/testing';
import { Redis } from 'ioredis';
import { apiEntry } from './paths.js';

/** A running API. */
export interface ApiServer {
  /** e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly database: TestDatabase;
  /** The API's storage directories live here. */
  readonly dataDir: string;
  /** Stops the API (SIGTERM, then SIGKILL after 5 s) and removes its database, files and Redis keys. */
  stop(): Promise<void>;
}

/** Starts the API with `env` on top of test defaults (high auth rate limits, quiet logs). */
export async function startApi(env: Record<string, string> = {}): Promise<ApiServer> {
  const database = await createTestDatabase();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'coffre-cli-api-'));
  const prefix = `coffre-cli-test-${path.basename(dataDir)}:`;
  const child = spawn(process.execPath, [apiEntry], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATABASE_URL: database.url,
      COFFRE_DATA_DIR: dataDir,
      COFFRE_REDIS_KEY_PREFIX: prefix,
      COFFRE_AUTH_RATE_LIMIT_PER_IP: '100000',
      COFFRE_AUTH_RATE_LIMIT_PER_EMAIL: '100000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const cleanUp = async () => {
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
    await deleteRedisKeys(prefix);
  };
  let url: string;
  try {
    url = await listeningUrl(child, 60_000);
  } catch (error) {
    child.kill('SIGKILL');
    await cleanUp();
    throw error;
  }
  return {
    url,
    database,
    dataDir,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      await cleanUp();
    },
  };
}

function listeningUrl(child: ChildProcess, timeoutMs: number): Promise<string> {
  let seen = '';
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`API did not start within ${timeoutMs} ms:\n${seen}`)), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`API exited (${code}) before listening:\n${seen}`));
    });
    child.stderr?.on('data', (chunk: Buffer) => (seen += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /Coffre API listening on (http:\/\/\S+?)"/.exec(seen);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        // Later log lines are not needed; reading them keeps the pipe from filling up.
        seen = '';
        resolve(match[1]);
      }
    });
  });
}

async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis('redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 1000 })) {
      if ((keys as string[]).length > 0) await redis.del(...(keys as string[]));
    }
  } catch {
    // Keys left behind expire on their own.
  } finally {
    redis.disconnect();
  }
}

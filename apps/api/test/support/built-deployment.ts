// One deployment of the shipped API as an operator runs it, for tests that must see everything
// the service writes: a Postgres database, the local Redis under one key prefix, two filesystem
// backends and a bucket on a real S3 endpoint, and any number of `node dist/main.js` processes
// on them (as behind a load balancer), each with its whole log output captured.
import { type ChildProcess, execFile } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { type S3Client } from '@aws-sdk/client-s3';
import { createServerSetup } from '@coffre/crypto/opaque-server';
import { type TestDatabase, createTestDatabase } from '@coffre/db/testing';
import { createS3Client } from '@coffre/storage/s3';
import { type S3TestServer, createBucket, startS3Server } from '@coffre/storage/testing';
import { listeningUrl, outputOf, spawnBuiltApi, type Finished } from './run-built-api.js';
import { deleteRedisKeys } from './start-test-app.js';

export const REDIS_URL = 'redis://127.0.0.1:6379';

/** The newest modification time of the TypeScript sources under `dir` (specs left out). */
async function newestSource(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const sources = entries.filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts'));
  const times = await Promise.all(sources.map(async (entry) => (await stat(path.join(entry.parentPath, entry.name))).mtimeMs));
  return Math.max(0, ...times);
}

/**
 * Compiles the app in `appDir` with its tsconfig.build.json, as `pnpm build` does, unless
 * `builtFile` is newer than every source: tests then run the shipped code as it stands, without
 * paying for a compile when nothing changed.
 */
export async function buildIfStale(appDir: string, builtFile: string): Promise<void> {
  const built = await stat(builtFile).then(
    (info) => info.mtimeMs,
    () => 0,
  );
  if (built > (await newestSource(path.join(appDir, 'src')))) return;
  await promisify(execFile)('pnpm', ['exec', 'tsc', '-p', 'tsconfig.build.json'], { cwd: appDir });
}

/** A running `node dist/main.js` of the deployment. */
export interface ApiProcess {
  readonly name: string;
  readonly url: string;
  /** Stops it with SIGTERM (SIGKILL after 10 s) and returns everything it wrote. */
  stop(): Promise<Finished>;
}

/** A filesystem backend of the deployment. */
export interface DirectoryBackend {
  readonly id: string;
  readonly path: string;
}

export interface BuiltDeployment {
  readonly database: TestDatabase;
  readonly redisKeyPrefix: string;
  /** Everything the API processes keep on disk: backends, data directories, configuration. */
  readonly serverDir: string;
  readonly directoryBackends: readonly DirectoryBackend[];
  readonly s3Client: S3Client;
  readonly bucket: string;
  /** The OPAQUE server setup every instance shares (a server secret: logs must not show it). */
  readonly opaqueServerSetup: string;
  /** Starts one more API process; `env` goes on top of the deployment's. */
  start(name: string, env?: Record<string, string>): Promise<ApiProcess>;
  /** Stops what still runs and deletes the database, the Redis keys, the bucket and every file. */
  close(): Promise<void>;
}

/** Backends `fs-a` and `fs-b` (directories) and `s3-c` (a bucket), three jurisdictions, three copies. */
export async function startBuiltDeployment(): Promise<BuiltDeployment> {
  const [database, s3, opaqueServerSetup] = await Promise.all([createTestDatabase(), startS3Server(), createServerSetup()]);
  const serverDir = await mkdtemp(path.join(tmpdir(), 'coffre-built-deployment-'));
  const s3Client = createS3Client(s3.settings);
  const redisKeyPrefix = `coffre-test-${path.basename(serverDir)}:`;
  const running = new Set<ChildProcess>();
  const cleanUp = async (): Promise<void> => {
    for (const child of running) child.kill('SIGKILL');
    s3Client.destroy();
    await Promise.all([s3.dispose(), database.drop(), deleteRedisKeys(REDIS_URL, redisKeyPrefix), rm(serverDir, { recursive: true, force: true })]);
  };
  try {
    const bucket = await createBucket(s3Client);
    const directoryBackends = ['fs-a', 'fs-b'].map((id) => ({ id, path: path.join(serverDir, id) }));
    const configFile = path.join(serverDir, 'storage.json');
    await writeFile(configFile, JSON.stringify(storageConfig(directoryBackends, s3, bucket)));
    return {
      database,
      redisKeyPrefix,
      serverDir,
      directoryBackends,
      s3Client,
      bucket,
      opaqueServerSetup,
      async start(name, env = {}) {
        const dataDir = path.join(serverDir, `data-${name}`);
        await mkdir(dataDir, { recursive: true });
        const child = spawnBuiltApi({
          PORT: '0',
          HOST: '127.0.0.1',
          NODE_ENV: 'test',
          DATABASE_URL: database.url,
          REDIS_URL,
          COFFRE_DATA_DIR: dataDir,
          COFFRE_STORAGE_CONFIG: configFile,
          COFFRE_REDIS_KEY_PREFIX: redisKeyPrefix,
          COFFRE_OPAQUE_SERVER_SETUP: opaqueServerSetup,
          COFFRE_AUTH_RATE_LIMIT_PER_IP: '100000',
          COFFRE_AUTH_RATE_LIMIT_PER_EMAIL: '100000',
          ...env,
        });
        running.add(child);
        const finished = outputOf(child);
        void finished.then(() => running.delete(child));
        const url = await listeningUrl(child, 30_000).catch(async (error: unknown) => {
          child.kill('SIGKILL');
          throw error;
        });
        return {
          name,
          url,
          async stop() {
            if (child.exitCode === null && child.signalCode === null) {
              const exited = once(child, 'exit');
              child.kill('SIGTERM');
              const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
              await exited;
              clearTimeout(timer);
            }
            return finished;
          },
        };
      },
      close: cleanUp,
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

function storageConfig(directories: readonly DirectoryBackend[], s3: S3TestServer, bucket: string) {
  const { endpoint, accessKeyId, secretAccessKey } = s3.settings;
  return {
    backends: [
      ...directories.map(({ id, path: dir }, index) => ({ id, kind: 'fs', jurisdiction: `j${index}`, path: dir })),
      { id: 's3-c', kind: 's3', jurisdiction: 'js3', endpoint, bucket, forcePathStyle: true, accessKeyId, secretAccessKey },
    ],
    replication: { copies: 3, writeQuorum: 2 },
  };
}

// The shipped entry point, `node dist/main.js`, as an operator runs it: refusing a bad
// environment, starting with nothing configured (embedded PGlite), stopping on SIGTERM, and
// keeping the promise of zero knowledge in everything it writes (database, logs).
import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from './support/closed-port.js';
import { packageVersion } from './support/package-version.js';
import { buildApi, listeningUrl, outputOf, spawnBuiltApi } from './support/run-built-api.js';
import { zeroKnowledgeCheck } from './support/zero-knowledge.js';

beforeAll(async () => {
  await buildApi();
}, 300_000);

describe('with an invalid environment', () => {
  it('exits 1 and lists every bad variable, one line each', async () => {
    const result = await outputOf(
      spawnBuiltApi({
        PORT: 'http',
        REDIS_URL: 'localhost:6379',
        LOG_LEVEL: 'loud',
        NODE_ENV: 'staging',
        DATABASE_URL: 'mysql://root:hunter2@db/coffre',
      }),
    );

    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      [
        'Invalid environment for api:',
        '  PORT: must be an integer from 0 to 65535',
        '  DATABASE_URL: must be a postgres:// or postgresql:// URL',
        '  REDIS_URL: must be a redis:// or rediss:// URL',
        '  LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent',
        '  NODE_ENV: must be one of development, test, production',
        '',
      ].join('\n'),
    );
  });
});

describe('in production without an OPAQUE server setup', () => {
  it('exits 1 and says how to make one', async () => {
    const result = await outputOf(spawnBuiltApi({ NODE_ENV: 'production', PORT: '0' }));

    expect(result.code).toBe(1);
    expect(result.stderr.split('\n')).toContain(
      '  COFFRE_OPAQUE_SERVER_SETUP: is required when NODE_ENV=production (make one with `pnpm --filter @coffre/api opaque-setup`)',
    );
  });
});

describe('with no DATABASE_URL', () => {
  let tempDir = '';
  let dataDir = '';

  beforeAll(async () => {
    tempDir = await mkdtemp(path.join(tmpdir(), 'coffre-api-pglite-'));
    // Not created in advance: a fresh install starts with no data directory at all.
    dataDir = path.join(tempDir, 'data', 'coffre');
  });

  afterAll(async () => {
    await rm(tempDir, { recursive: true, force: true });
  });

  it('runs on embedded PGlite in COFFRE_DATA_DIR, reports healthy, and stops cleanly on SIGTERM', async () => {
    const child = spawnBuiltApi({ PORT: '0', COFFRE_DATA_DIR: dataDir, LOG_LEVEL: 'info', NODE_ENV: 'test' });
    const finished = outputOf(child);
    try {
      const url = await listeningUrl(child, 30_000);

      const response = await fetch(`${url}/api/health`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        status: 'ok',
        version: packageVersion,
        checks: { database: 'up', redis: 'up', storage: 'up' },
        storage: { backendsReachable: 3, backendsConfigured: 3, underReplicatedObjects: 0 },
      });
      expect(existsSync(path.join(dataDir, 'pglite', 'PG_VERSION'))).toBe(true);
      // No setup configured: the API made one, readable by its user alone.
      expect((await stat(path.join(dataDir, 'opaque-server-setup'))).mode & 0o777).toBe(0o600);

      const stopping = Date.now();
      child.kill('SIGTERM');
      const result = await finished;
      expect(Date.now() - stopping).toBeLessThan(5_000);
      expect(result.code).toBe(0);
      const messages = result.stdout
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => (JSON.parse(line) as { msg: string }).msg);
      const shutdownAt = messages.indexOf('shutting down on SIGTERM');
      expect(shutdownAt).toBeGreaterThanOrEqual(0);
      expect(messages.slice(shutdownAt + 1)).toEqual(expect.arrayContaining(['storage closed', 'database closed', 'Redis connection closed']));
      expect(result.stderr).toBe('');
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);
});

describe('when Postgres refuses connections', () => {
  it('exits 1 instead of serving without a database', async () => {
    const result = await outputOf(
      spawnBuiltApi({ PORT: '0', DATABASE_URL: `postgres://postgres@127.0.0.1:${await closedPort()}/coffre`, LOG_LEVEL: 'silent' }),
    );

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Coffre API failed to start');
  }, 30_000);
});

describe('zero knowledge', () => {
  it('after signup, login and a password change, no password, key or token is in the database, Redis or the logs', async () => {
    await zeroKnowledgeCheck();
  }, 60_000);
});

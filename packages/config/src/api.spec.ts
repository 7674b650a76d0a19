import path from 'node:path';
import { devStorageConfig } from '@coffre/storage/config';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadApiConfig } from './api.js';

/** The shape of an OPAQUE server setup; the API checks the content itself at start-up. */
const SETUP = 'A'.repeat(171);
/** A storage configuration file (production requires one). */
const STORAGE_CONFIG = path.join(import.meta.dirname, 'fixtures', 'storage.json');

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadApiConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected loadApiConfig to throw');
}

describe('loadApiConfig', () => {
  it('applies every default when the environment is empty', () => {
    expect(loadApiConfig({})).toEqual({
      port: 4000,
      host: '127.0.0.1',
      database: { kind: 'pglite', dataDir: path.resolve('.coffre', 'pglite') },
      redisUrl: 'redis://127.0.0.1:6379',
      dataDir: path.resolve('.coffre'),
      logLevel: 'info',
      nodeEnv: 'development',
      publicUrl: 'http://127.0.0.1:4000',
      webOrigins: ['http://127.0.0.1:3000', 'http://127.0.0.1:3001'],
      trustProxy: [],
      redisKeyPrefix: 'coffre:',
      opaqueServerSetup: undefined,
      sessionTtlSeconds: 30 * 24 * 3600,
      authRateLimit: { perIp: 60, perEmail: 10, windowSeconds: 60 },
      storage: {
        config: devStorageConfig(path.resolve('.coffre')),
        scrubIntervalSeconds: 3600,
        verifyEverySeconds: 30 * 24 * 3600,
        scrubCopiesPerRun: 10_000,
        orphanGraceSeconds: 24 * 3600,
        relocateAfterSeconds: 24 * 3600,
      },
      links: { grantTtlSeconds: 3600, openRateLimit: { perLink: 10, perIp: 30, windowSeconds: 600 } },
      drive: { maxPartBytes: 64 * 1024 * 1024, uploadExpirySeconds: 7 * 24 * 3600, sweepIntervalSeconds: 3600, defaultQuotaBytes: 10 * 1024 ** 3 },
    });
  });

  it('reads every variable it is given', () => {
    const config = loadApiConfig({
      PORT: '0',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgresql://coffre:secret@db.internal:5432/coffre',
      REDIS_URL: 'rediss://cache.internal:6380',
      COFFRE_DATA_DIR: '/var/lib/coffre',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      COFFRE_PUBLIC_URL: 'https://api.coffre.example',
      COFFRE_WEB_ORIGINS: 'https://drive.coffre.example, https://megabox.coffre.example',
      COFFRE_TRUST_PROXY: '10.0.0.0/8, 2001:db8::1',
      COFFRE_REDIS_KEY_PREFIX: 'coffre-prod:',
      COFFRE_OPAQUE_SERVER_SETUP: SETUP,
      COFFRE_SESSION_TTL_SECONDS: '3600',
      COFFRE_AUTH_RATE_LIMIT_PER_IP: '100',
      COFFRE_AUTH_RATE_LIMIT_PER_EMAIL: '5',
      COFFRE_AUTH_RATE_LIMIT_WINDOW_SECONDS: '300',
      COFFRE_STORAGE_CONFIG: STORAGE_CONFIG,
      COFFRE_STORAGE_SCRUB_INTERVAL_SECONDS: '600',
      COFFRE_STORAGE_VERIFY_EVERY_SECONDS: '86400',
      COFFRE_STORAGE_SCRUB_COPIES_PER_RUN: '100',
      COFFRE_STORAGE_ORPHAN_GRACE_SECONDS: '3600',
      COFFRE_STORAGE_RELOCATE_AFTER_SECONDS: '7200',
      COFFRE_LINK_GRANT_TTL_SECONDS: '600',
      COFFRE_LINK_OPEN_RATE_LIMIT_PER_LINK: '5',
      COFFRE_LINK_OPEN_RATE_LIMIT_PER_IP: '50',
      COFFRE_LINK_OPEN_RATE_LIMIT_WINDOW_SECONDS: '900',
      COFFRE_DRIVE_MAX_PART_BYTES: '16777216',
      COFFRE_DRIVE_UPLOAD_EXPIRY_SECONDS: '86400',
      COFFRE_DRIVE_SWEEP_INTERVAL_SECONDS: '60',
      COFFRE_DRIVE_DEFAULT_QUOTA_BYTES: '1000000',
    });
    expect(config).toEqual({
      port: 0,
      host: '0.0.0.0',
      database: { kind: 'postgres', url: 'postgresql://coffre:secret@db.internal:5432/coffre' },
      redisUrl: 'rediss://cache.internal:6380',
      dataDir: '/var/lib/coffre',
      logLevel: 'warn',
      nodeEnv: 'production',
      publicUrl: 'https://api.coffre.example',
      webOrigins: ['https://drive.coffre.example', 'https://megabox.coffre.example'],
      trustProxy: ['10.0.0.0/8', '2001:db8::1'],
      redisKeyPrefix: 'coffre-prod:',
      opaqueServerSetup: SETUP,
      sessionTtlSeconds: 3600,
      authRateLimit: { perIp: 100, perEmail: 5, windowSeconds: 300 },
      storage: {
        config: expect.objectContaining({ replication: { copies: 3, writeQuorum: 2 } }),
        scrubIntervalSeconds: 600,
        verifyEverySeconds: 86400,
        scrubCopiesPerRun: 100,
        orphanGraceSeconds: 3600,
        relocateAfterSeconds: 7200,
      },
      links: { grantTtlSeconds: 600, openRateLimit: { perLink: 5, perIp: 50, windowSeconds: 900 } },
      drive: { maxPartBytes: 16 * 1024 * 1024, uploadExpirySeconds: 86400, sweepIntervalSeconds: 60, defaultQuotaBytes: 1_000_000 },
    });
  });

  it('requires the OPAQUE server setup in production, where a generated one would sign everyone out', () => {
    expect(problemsOf({ NODE_ENV: 'production', COFFRE_STORAGE_CONFIG: STORAGE_CONFIG })).toEqual([
      'COFFRE_OPAQUE_SERVER_SETUP: is required when NODE_ENV=production (make one with `pnpm --filter @coffre/api opaque-setup`)',
    ]);
    expect(loadApiConfig({ NODE_ENV: 'test' }).opaqueServerSetup).toBeUndefined();
  });

  it('reports a missing production setup beside other problems, but not on top of a bad NODE_ENV', () => {
    expect(problemsOf({ NODE_ENV: 'production', COFFRE_STORAGE_CONFIG: STORAGE_CONFIG, PORT: 'x' })).toHaveLength(2);
    expect(problemsOf({ NODE_ENV: 'prod' })).toEqual(['NODE_ENV: must be one of development, test, production']);
  });

  it('resolves a relative data directory against the working directory', () => {
    const config = loadApiConfig({ COFFRE_DATA_DIR: 'data/here' });
    expect(config.dataDir).toBe(path.resolve('data/here'));
    expect(config.database).toEqual({ kind: 'pglite', dataDir: path.resolve('data/here/pglite') });
  });

  it('treats an empty value as unset', () => {
    const config = loadApiConfig({ DATABASE_URL: '', PORT: '' });
    expect(config.database.kind).toBe('pglite');
    expect(config.port).toBe(4000);
  });

  it('ignores variables outside its schema', () => {
    expect(() => loadApiConfig({ PATH: '/usr/bin', UNRELATED: 'x' })).not.toThrow();
  });

  it('returns an object frozen all the way down', () => {
    const config = loadApiConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.database)).toBe(true);
    expect(Object.isFrozen(config.webOrigins)).toBe(true);
    expect(() => {
      (config as { port: number }).port = 1;
    }).toThrow(TypeError);
  });

  it('reports every invalid variable at once, one line each', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://db/coffre',
      REDIS_URL: 'localhost:6379',
      LOG_LEVEL: 'verbose',
      NODE_ENV: 'staging',
      COFFRE_PUBLIC_URL: 'ftp://files.example',
      COFFRE_WEB_ORIGINS: 'https://drive.example/app',
    });
    expect(problems).toEqual([
      'PORT: must be an integer from 0 to 65535',
      'DATABASE_URL: must be a postgres:// or postgresql:// URL',
      'REDIS_URL: must be a redis:// or rediss:// URL',
      'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent',
      'NODE_ENV: must be one of development, test, production',
      'COFFRE_PUBLIC_URL: must be a http:// or https:// URL',
      'COFFRE_WEB_ORIGINS: must list origins such as https://drive.example.org (no path, no trailing slash)',
    ]);
  });

  it('puts every problem in the error message and never echoes a value', () => {
    const secret = 'mysql://admin:hunter2@db/coffre';
    let message = '';
    try {
      loadApiConfig({ DATABASE_URL: secret, PORT: '99999' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(
      [
        'Invalid environment for api:',
        '  PORT: must be an integer from 0 to 65535',
        '  DATABASE_URL: must be a postgres:// or postgresql:// URL',
      ].join('\n'),
    );
    expect(message).not.toContain('hunter2');
  });

  it.each([
    ['PORT', '-1'],
    ['PORT', '65536'],
    ['PORT', '4000.5'],
    ['PORT', ' 4000'],
    ['NODE_ENV', 'prod'],
    ['NODE_ENV', 'Production'],
    ['LOG_LEVEL', 'INFO'],
    ['REDIS_URL', 'redis://'],
    ['DATABASE_URL', 'not a url'],
    ['COFFRE_WEB_ORIGINS', 'https://drive.example/'],
    ['COFFRE_WEB_ORIGINS', 'https://drive.example,'],
    ['COFFRE_TRUST_PROXY', 'proxy.internal'],
    ['COFFRE_TRUST_PROXY', '10.0.0.0/33'],
    ['COFFRE_TRUST_PROXY', '10.0.0.1/8/8'],
    ['COFFRE_REDIS_KEY_PREFIX', 'has space'],
    ['COFFRE_OPAQUE_SERVER_SETUP', 'short'],
    ['COFFRE_OPAQUE_SERVER_SETUP', `${'A'.repeat(100)}=`],
    ['COFFRE_SESSION_TTL_SECONDS', '59'],
    ['COFFRE_AUTH_RATE_LIMIT_PER_IP', '0'],
    ['COFFRE_AUTH_RATE_LIMIT_PER_EMAIL', '1.5'],
    ['COFFRE_AUTH_RATE_LIMIT_WINDOW_SECONDS', '-1'],
    ['COFFRE_STORAGE_VERIFY_EVERY_SECONDS', '-1'],
    ['COFFRE_STORAGE_SCRUB_COPIES_PER_RUN', '0'],
    ['COFFRE_STORAGE_ORPHAN_GRACE_SECONDS', '1e3'],
    ['COFFRE_STORAGE_RELOCATE_AFTER_SECONDS', 'soon'],
    ['COFFRE_LINK_GRANT_TTL_SECONDS', '59'],
    ['COFFRE_LINK_GRANT_TTL_SECONDS', '86401'],
    ['COFFRE_LINK_OPEN_RATE_LIMIT_PER_LINK', '0'],
    ['COFFRE_LINK_OPEN_RATE_LIMIT_PER_IP', 'many'],
    ['COFFRE_LINK_OPEN_RATE_LIMIT_WINDOW_SECONDS', '0'],
    ['COFFRE_DRIVE_MAX_PART_BYTES', '1048575'],
    ['COFFRE_DRIVE_MAX_PART_BYTES', '268435457'],
    ['COFFRE_DRIVE_UPLOAD_EXPIRY_SECONDS', '59'],
    ['COFFRE_DRIVE_SWEEP_INTERVAL_SECONDS', '0'],
    ['COFFRE_DRIVE_DEFAULT_QUOTA_BYTES', '-1'],
    ['COFFRE_DRIVE_DEFAULT_QUOTA_BYTES', '9007199254740992'],
  ])('refuses %s=%j', (variable, value) => {
    const problems = problemsOf({ [variable]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${variable}: `));
  });
});

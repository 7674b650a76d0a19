import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { devStorageConfig } from '@coffre/storage/config';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadApiConfig } from './api.js';

const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'storage.json');
const scratch = mkdtempSync(path.join(tmpdir(), 'coffre-config-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function fileWith(name: string, content: string): string {
  const file = path.join(scratch, name);
  writeFileSync(file, content);
  return file;
}

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadApiConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected loadApiConfig to throw');
}

describe('storage settings', () => {
  it('default to three directories under the data directory, outside production', () => {
    const { storage } = loadApiConfig({ COFFRE_DATA_DIR: '/var/lib/coffre' });
    expect(storage.config).toEqual(devStorageConfig('/var/lib/coffre'));
    expect(storage.config.backends.map((backend) => backend.kind === 'fs' && backend.path)).toEqual([
      '/var/lib/coffre/storage/dev-a',
      '/var/lib/coffre/storage/dev-b',
      '/var/lib/coffre/storage/dev-c',
    ]);
    expect(Object.isFrozen(storage.config.backends[0])).toBe(true);
  });

  it('read the backends from the JSON file COFFRE_STORAGE_CONFIG names', () => {
    const { storage } = loadApiConfig({ COFFRE_STORAGE_CONFIG: FIXTURE });
    expect(storage.config.backends.map((backend) => `${backend.id}@${backend.jurisdiction}`)).toEqual(['fs-ch@ch', 'fs-is@is', 's3-eu@eu']);
    expect(storage.config.backends[2]).toMatchObject({ region: 'us-east-1', prefix: '', forcePathStyle: false });
  });

  it('are required in production', () => {
    expect(problemsOf({ NODE_ENV: 'production', COFFRE_OPAQUE_SERVER_SETUP: 'A'.repeat(171) })).toEqual([
      'COFFRE_STORAGE_CONFIG: is required when NODE_ENV=production (a JSON file listing the storage backends)',
    ]);
  });

  it('list every problem of the file at once, and never echo its content', () => {
    const file = fileWith(
      'bad.json',
      JSON.stringify({
        backends: [{ id: 'A', kind: 's3', jurisdiction: 'eu', bucket: 'b', accessKeyId: 'k', secretAccessKey: 'hunter2' }],
        replication: { copies: 2, writeQuorum: 3 },
      }),
    );
    const problems = problemsOf({ COFFRE_STORAGE_CONFIG: file, PORT: 'x' });
    expect(problems).toEqual([
      'PORT: must be an integer from 0 to 65535',
      `COFFRE_STORAGE_CONFIG: ${file}: backends[0].id: must be 1-63 lowercase letters, digits or dashes, not starting with a dash; ` +
        `${file}: backends[0].bucket: must be a valid S3 bucket name; ` +
        `${file}: replication.writeQuorum: must not exceed copies; ` +
        `${file}: replication.copies: needs as many jurisdictions, but the backends span 1`,
    ]);
    expect(problems.join('\n')).not.toContain('hunter2');
  });

  it('refuse a file that is missing, or not JSON, without quoting it', () => {
    expect(problemsOf({ COFFRE_STORAGE_CONFIG: path.join(scratch, 'absent.json') })).toEqual([
      `COFFRE_STORAGE_CONFIG: cannot read ${path.join(scratch, 'absent.json')} (ENOENT)`,
    ]);
    const file = fileWith('broken.json', '{"secretAccessKey": "hunter2",');
    expect(problemsOf({ COFFRE_STORAGE_CONFIG: file })).toEqual([`COFFRE_STORAGE_CONFIG: ${file} is not valid JSON`]);
  });

  it('take scrub and repair periods in seconds', () => {
    const { storage } = loadApiConfig({
      COFFRE_STORAGE_SCRUB_INTERVAL_SECONDS: '60',
      COFFRE_STORAGE_VERIFY_EVERY_SECONDS: '0',
      COFFRE_STORAGE_SCRUB_COPIES_PER_RUN: '500',
      COFFRE_STORAGE_ORPHAN_GRACE_SECONDS: '7200',
      COFFRE_STORAGE_RELOCATE_AFTER_SECONDS: '600',
    });
    expect(storage).toMatchObject({
      scrubIntervalSeconds: 60,
      verifyEverySeconds: 0,
      scrubCopiesPerRun: 500,
      orphanGraceSeconds: 7200,
      relocateAfterSeconds: 600,
    });
    expect(problemsOf({ COFFRE_STORAGE_SCRUB_INTERVAL_SECONDS: '0' })).toEqual(['COFFRE_STORAGE_SCRUB_INTERVAL_SECONDS: must be an integer from 1 to 604800']);
  });
});

import { describe, expect, it } from 'vitest';
import { StorageConfigError, devStorageConfig, parseStorageConfig } from '../src/config.js';

/** The problems a parse reports, or a failure if it accepted the input. */
function problemsOf(input: unknown): readonly string[] {
  try {
    parseStorageConfig(input);
  } catch (error) {
    expect(error).toBeInstanceOf(StorageConfigError);
    return (error as StorageConfigError).problems;
  }
  throw new Error('the configuration was accepted');
}

const s3 = {
  id: 's3-eu',
  kind: 's3',
  jurisdiction: 'eu',
  endpoint: 'https://s3.example.org',
  bucket: 'coffre-objects',
  forcePathStyle: true,
  accessKeyId: 'AKIAEXAMPLE',
  secretAccessKey: 'very-secret-value',
};

describe('storage configuration', () => {
  it('accepts filesystem and S3 backends, filling in defaults', () => {
    const config = parseStorageConfig({
      backends: [{ id: 'fs-ch', kind: 'fs', jurisdiction: 'ch', path: '/srv/coffre/ch' }, s3, { ...s3, id: 's3-is', jurisdiction: 'is', forcePathStyle: undefined }],
      replication: { copies: 3, writeQuorum: 2 },
    });
    expect(config.backends[1]).toEqual({ ...s3, region: 'us-east-1', prefix: '' });
    expect(config.backends[2]).toMatchObject({ forcePathStyle: false });
    expect(config.replication).toEqual({ copies: 3, writeQuorum: 2 });
  });

  it('defaults to three local directories as three jurisdictions under the data dir', () => {
    const config = devStorageConfig('/var/lib/coffre');
    expect(config.backends).toEqual([
      { id: 'dev-a', kind: 'fs', jurisdiction: 'dev-a', path: '/var/lib/coffre/storage/dev-a' },
      { id: 'dev-b', kind: 'fs', jurisdiction: 'dev-b', path: '/var/lib/coffre/storage/dev-b' },
      { id: 'dev-c', kind: 'fs', jurisdiction: 'dev-c', path: '/var/lib/coffre/storage/dev-c' },
    ]);
    expect(config.replication).toEqual({ copies: 3, writeQuorum: 2 });
  });

  it('lists every problem at once, each with its place', () => {
    const problems = problemsOf({
      backends: [
        { id: 'Bad Id', kind: 'fs', jurisdiction: 'ch', path: 'relative/dir' },
        { id: 's3-eu', kind: 's3', jurisdiction: 'eu', bucket: 'x', endpoint: 'ftp://host', accessKeyId: '' },
        { id: 'tape', kind: 'tape', jurisdiction: 'eu' },
      ],
      replication: { copies: 0, writeQuorum: 1.5 },
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^backends\[0\]\.id: must be 1-63 lowercase/),
        'backends[0].path: must be an absolute path',
        'backends[1].endpoint: must be an http:// or https:// URL',
        'backends[1].bucket: must be a valid S3 bucket name',
        'backends[1].accessKeyId: must not be empty',
        'backends[1].secretAccessKey: is required',
        expect.stringMatching(/^backends\[2\](\.kind)?: kind must be "fs" or "s3"/),
        'replication.copies: must be at least 1',
        'replication.writeQuorum: must be an integer',
      ]),
    );
    expect(problems).toHaveLength(9);
  });

  it('checks the policy against the backends: unique ids, quorum within copies, enough jurisdictions', () => {
    const fs = (id: string, jurisdiction: string) => ({ id, kind: 'fs', jurisdiction, path: `/srv/${id}` });
    expect(problemsOf({ backends: [fs('a', 'x'), fs('a', 'y'), fs('c', 'x')], replication: { copies: 3, writeQuorum: 4 } })).toEqual([
      'backends[1].id: duplicates the id "a"',
      'replication.writeQuorum: must not exceed copies',
      'replication.copies: needs as many jurisdictions, but the backends span 2',
    ]);
  });

  it('rejects a missing or empty configuration with a clear line', () => {
    expect(problemsOf(undefined)).toEqual([expect.stringMatching(/^\(storage\): /)]);
    expect(problemsOf({ backends: [], replication: { copies: 1, writeQuorum: 1 } })).toContain('backends: must list at least one backend');
  });

  it('never echoes values, which may be secrets', () => {
    const error = (() => {
      try {
        parseStorageConfig({ backends: [{ ...s3, bucket: 'BAD_bucket', secretAccessKey: 42 }], replication: { copies: 1, writeQuorum: 1 } });
      } catch (caught) {
        return caught as Error;
      }
      throw new Error('accepted');
    })();
    expect(error.message).not.toContain('BAD_bucket');
    expect(error.message).not.toContain('42');
    expect(error.message).toContain('backends[0].secretAccessKey');
  });
});

import { CryptoError } from '@coffre/crypto/errors';
import { ApiError, KeyChangedError } from '@coffre/sdk/errors';
import { describe, expect, it } from 'vitest';
import { CliError } from './cli-error.js';
import { describeError, errorLine } from './describe-error.js';
import { EXIT, EXIT_BY_API_CODE } from './exit-codes.js';

describe('describeError', () => {
  it.each([
    ['VALIDATION_FAILED', 400, EXIT.USAGE],
    ['UNAUTHENTICATED', 401, EXIT.AUTH],
    ['FORBIDDEN', 403, EXIT.AUTH],
    ['NOT_FOUND', 404, EXIT.NOT_FOUND],
    ['CONFLICT', 409, EXIT.CONFLICT],
    ['UPLOAD_INCOMPLETE', 409, EXIT.CONFLICT],
    ['QUOTA_EXCEEDED', 413, EXIT.QUOTA],
    ['LINK_EXPIRED', 410, EXIT.LINK_GONE],
    ['LINK_REVOKED', 410, EXIT.LINK_GONE],
    ['LINK_EXHAUSTED', 410, EXIT.LINK_GONE],
    ['CHECKSUM_MISMATCH', 400, EXIT.INTEGRITY],
    ['RATE_LIMITED', 429, EXIT.RATE_LIMITED],
    ['NETWORK_ERROR', 0, EXIT.NETWORK],
    ['UNEXPECTED_RESPONSE', 502, EXIT.NETWORK],
    ['DEPENDENCY_UNAVAILABLE', 503, EXIT.NETWORK],
    ['INTERNAL', 500, EXIT.GENERIC],
  ] as const)('API %s exits %i', (code, status, exitCode) => {
    expect(describeError(new ApiError(status, code, 'Said the API.', 'cid-1'))).toEqual({ code, message: 'Said the API.', exitCode, correlationId: 'cid-1' });
  });

  it('maps every API error code the SDK knows', () => {
    const known = ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'QUOTA_EXCEEDED', 'UPLOAD_INCOMPLETE', 'CHECKSUM_MISMATCH', 'RANGE_NOT_SATISFIABLE', 'LINK_EXPIRED', 'LINK_REVOKED', 'LINK_EXHAUSTED', 'RATE_LIMITED', 'INTERNAL', 'DEPENDENCY_UNAVAILABLE', 'NETWORK_ERROR', 'UNEXPECTED_RESPONSE'];
    expect(Object.keys(EXIT_BY_API_CODE).sort()).toEqual(known.sort());
  });

  it('an unknown API code is a generic failure', () => {
    expect(describeError(new ApiError(418, 'TEAPOT' as never, 'No.', 'c')).exitCode).toBe(EXIT.GENERIC);
  });

  it('lists validation issues and the wait of a rate limit in the one line', () => {
    const invalid = new ApiError(400, 'VALIDATION_FAILED', 'Invalid request.', 'c', { issues: [{ path: 'body.email', message: 'must be an email' }] });
    expect(describeError(invalid).message).toBe('Invalid request. (body.email: must be an email)');
    const limited = new ApiError(429, 'RATE_LIMITED', 'Too many attempts.', 'c', { retryAfterSeconds: 30 });
    expect(describeError(limited).message).toBe('Too many attempts. Try again in 30 s.');
  });

  it('leaves the correlation id out when no response arrived', () => {
    expect(describeError(new ApiError(0, 'NETWORK_ERROR', 'Unreachable.', ''))).not.toHaveProperty('correlationId');
  });

  it('says the same for every decryption failure, whatever the detail', () => {
    const a = describeError(new CryptoError('DECRYPT_FAILED', 'tag mismatch in chunk 3'));
    const b = describeError(new CryptoError('DECRYPT_FAILED', 'wrong key'));
    expect(a).toEqual(b);
    expect(a).toEqual({ code: 'DECRYPT_FAILED', message: 'Decryption failed: the data was tampered with, truncated, or not meant for this key.', exitCode: EXIT.INTEGRITY });
  });

  it('tells how to re-verify changed contact keys', () => {
    const error = new KeyChangedError('bob@example.org', {
      email: 'bob@example.org',
      accountId: 'b',
      publicKeys: { sharing: new Uint8Array(32), signing: new Uint8Array(32) },
      fingerprint: '12345 67890 12345 67890 12345 67890',
      digest: new Uint8Array(32),
      firstSeen: false,
    });
    const described = describeError(error);
    expect(described.exitCode).toBe(EXIT.KEY_CHANGED);
    expect(described.message).toContain('coffre contact bob@example.org --trust "12345 67890 12345 67890 12345 67890"');
    expect(describeError(new KeyChangedError('bob@example.org', undefined)).message).toBe(
      'The keys of bob@example.org changed since you verified them (and the new ones are not even valid keys).',
    );
  });

  it('reports local file errors with their path', () => {
    const missing = Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT', path: '/tmp/nope' });
    expect(describeError(missing)).toEqual({ code: 'ENOENT', message: '/tmp/nope: no such file or folder.', exitCode: EXIT.NOT_FOUND });
  });

  it('keeps the CLI\'s own errors as they are', () => {
    expect(describeError(new CliError('NOT_SIGNED_IN', 'Sign in.'))).toEqual({ code: 'NOT_SIGNED_IN', message: 'Sign in.', exitCode: EXIT.AUTH });
  });

  it('anything else is an unexpected generic failure', () => {
    expect(describeError(new TypeError('x is undefined'))).toEqual({ code: 'INTERNAL', message: 'Unexpected error: x is undefined', exitCode: EXIT.GENERIC });
  });
});

describe('errorLine', () => {
  const described = { code: 'NOT_FOUND', message: 'Not found.', exitCode: EXIT.NOT_FOUND, correlationId: 'abc' };
  it('is the message and the code', () => {
    expect(errorLine(described, false)).toBe('coffre: Not found. [NOT_FOUND]');
  });
  it('adds the correlation id when verbose', () => {
    expect(errorLine(described, true)).toBe('coffre: Not found. [NOT_FOUND] (correlation id abc)');
  });
});

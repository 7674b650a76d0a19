import { BadRequestException, HttpException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { closedPort } from '../../test/support/closed-port.js';
import { AppError } from './app-error.js';
import { ERROR_CODES, errorCodeForStatus } from './error-codes.js';
import { toAppError } from './to-app-error.js';

describe('ERROR_CODES', () => {
  it('maps a status several codes share back to the generic code declared first', () => {
    const statuses = new Set(Object.values(ERROR_CODES).map(({ status }) => status));
    for (const status of statuses) {
      const first = Object.entries(ERROR_CODES).find(([, spec]) => spec.status === status)?.[0];
      expect(errorCodeForStatus(status)).toBe(first);
    }
    expect(errorCodeForStatus(409)).toBe('CONFLICT');
    expect(errorCodeForStatus(413)).toBe('PAYLOAD_TOO_LARGE');
    expect(errorCodeForStatus(400)).toBe('VALIDATION_FAILED');
  });

  it.each([
    [400, 'VALIDATION_FAILED'],
    [401, 'UNAUTHENTICATED'],
    [404, 'NOT_FOUND'],
    [413, 'PAYLOAD_TOO_LARGE'],
    [415, 'UNSUPPORTED_MEDIA_TYPE'],
    [429, 'RATE_LIMITED'],
    [503, 'DEPENDENCY_UNAVAILABLE'],
    [405, 'VALIDATION_FAILED'],
    [418, 'VALIDATION_FAILED'],
    [502, 'INTERNAL'],
  ])('maps HTTP %i to %s', (status, code) => {
    expect(errorCodeForStatus(status)).toBe(code);
  });
});

describe('toAppError', () => {
  it('passes an AppError through untouched', () => {
    const error = new AppError('CONFLICT', 'name taken in folder 42');
    expect(toAppError(error)).toBe(error);
  });

  it('keeps the internal message out of the public one', () => {
    const error = new AppError('FORBIDDEN', 'account 7 is not owner of node 9');
    expect(error.status).toBe(403);
    expect(error.publicMessage).toBe(ERROR_CODES.FORBIDDEN.message);
  });

  it('maps the router 404 to NOT_FOUND without echoing the path', () => {
    const error = toAppError(new NotFoundException('Cannot GET /api/<script>'));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.status).toBe(404);
    expect(error.publicMessage).toBe(ERROR_CODES.NOT_FOUND.message);
  });

  it('explains malformed JSON, as reported by the body parser', () => {
    const parserError = Object.assign(new Error('Unexpected token'), { code: 'FST_ERR_CTP_INVALID_JSON_BODY', statusCode: 400 });
    const error = toAppError(new BadRequestException('Unexpected token', { cause: parserError }));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.publicMessage).toBe('The request body is not valid JSON.');
  });

  it('maps a body over the limit to PAYLOAD_TOO_LARGE', () => {
    expect(toAppError(new PayloadTooLargeException()).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('maps an unsupported content type to UNSUPPORTED_MEDIA_TYPE', () => {
    expect(toAppError(new HttpException('Unsupported Media Type', 415)).status).toBe(415);
  });

  it('turns anything unknown into INTERNAL with no detail for the client', () => {
    const error = toAppError(new TypeError("Cannot read properties of undefined (reading 'secret')"));
    expect(error.code).toBe('INTERNAL');
    expect(error.status).toBe(500);
    expect(error.publicMessage).toBe(ERROR_CODES.INTERNAL.message);
    expect(error.message).toContain('secret');
  });

  it('maps a Redis command that ran out of reconnect attempts to DEPENDENCY_UNAVAILABLE with Retry-After', async () => {
    const redis = new Redis(`redis://127.0.0.1:${await closedPort()}`, { maxRetriesPerRequest: 0, retryStrategy: () => 50 });
    redis.on('error', () => undefined);
    const thrown = await redis.get('key').then(
      () => undefined,
      (error: unknown) => error,
    );
    redis.disconnect();

    const error = toAppError(thrown);
    expect(error.code).toBe('DEPENDENCY_UNAVAILABLE');
    expect(error.status).toBe(503);
    expect(error.headers).toEqual({ 'retry-after': '5' });
    expect(error.message).toMatch(/^Redis unavailable: /);
  });

  it('maps a Redis connection closed under a command to DEPENDENCY_UNAVAILABLE', () => {
    expect(toAppError(new Error('Connection is closed.')).code).toBe('DEPENDENCY_UNAVAILABLE');
  });

  it('copes with thrown values that are not errors', () => {
    expect(toAppError('a string').code).toBe('INTERNAL');
    expect(toAppError(undefined).code).toBe('INTERNAL');
  });
});

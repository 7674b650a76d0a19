import { type ArgumentsHost, NotFoundException } from '@nestjs/common';
import { describe, expect, it, vi } from 'vitest';
import { AllExceptionsFilter } from './all-exceptions.filter.js';
import { AppError } from './app-error.js';

/** A request and reply as Fastify hands them to the filter, recording what the filter does. */
function httpContext() {
  const request = { id: 'corr-1234-abcd', log: { error: vi.fn(), info: vi.fn() } };
  const reply = {
    statusCode: 0,
    headers: {} as Record<string, string>,
    body: undefined as unknown,
    status(code: number) {
      this.statusCode = code;
      return this;
    },
    header(name: string, value: string) {
      this.headers[name] = value;
      return this;
    },
    send(body: unknown) {
      this.body = body;
      return this;
    },
  };
  const host = {
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }),
  } as unknown as ArgumentsHost;
  return { request, reply, host };
}

describe(AllExceptionsFilter.name, () => {
  const sut = new AllExceptionsFilter();

  it('answers an unknown error with 500 INTERNAL and no detail, and logs it with its cause', () => {
    const { request, reply, host } = httpContext();
    const bug = new TypeError('cannot read property "wrappedKey" of undefined');

    sut.catch(bug, host);

    expect(reply.statusCode).toBe(500);
    expect(reply.headers['x-correlation-id']).toBe('corr-1234-abcd');
    expect(reply.body).toEqual({
      error: { code: 'INTERNAL', message: 'Something went wrong on our side.', correlationId: 'corr-1234-abcd' },
    });
    expect(JSON.stringify(reply.body)).not.toContain('wrappedKey');
    // request.log is Fastify's per-request child logger, which stamps the correlation id.
    expect(request.log.error).toHaveBeenCalledWith({ err: bug, code: 'INTERNAL' }, bug.message);
  });

  it('answers an AppError with its status, public message and issues', () => {
    const { request, reply, host } = httpContext();
    const issues = [{ path: 'body.name', message: 'Too small' }];

    sut.catch(new AppError('VALIDATION_FAILED', 'invalid body: 1 issue(s)', { issues }), host);

    expect(reply.statusCode).toBe(400);
    expect(reply.body).toEqual({
      error: { code: 'VALIDATION_FAILED', message: 'The request is invalid.', correlationId: 'corr-1234-abcd', issues },
    });
    expect(request.log.error).not.toHaveBeenCalled();
    expect(request.log.info).toHaveBeenCalledWith({ code: 'VALIDATION_FAILED' }, 'invalid body: 1 issue(s)');
  });

  it('sends the details and headers an error carries', () => {
    const { reply, host } = httpContext();

    sut.catch(new AppError('RANGE_NOT_SATISFIABLE', 'bytes=900- of 100', { details: { size: 100 }, headers: { 'content-range': 'bytes */100' } }), host);

    expect(reply.statusCode).toBe(416);
    expect(reply.headers['content-range']).toBe('bytes */100');
    expect(reply.body).toEqual({
      error: { code: 'RANGE_NOT_SATISFIABLE', message: 'The requested byte range is outside the content.', correlationId: 'corr-1234-abcd', details: { size: 100 } },
    });
  });

  it('answers a framework HTTP error in the same shape', () => {
    const { reply, host } = httpContext();

    sut.catch(new NotFoundException('Cannot GET /api/nope'), host);

    expect(reply.statusCode).toBe(404);
    expect(reply.body).toEqual({
      error: { code: 'NOT_FOUND', message: 'Nothing was found at this address.', correlationId: 'corr-1234-abcd' },
    });
  });

  it('logs a dependency outage as a server-side failure', () => {
    const { request, reply, host } = httpContext();

    sut.catch(new AppError('DEPENDENCY_UNAVAILABLE', 'storage quorum not reached'), host);

    expect(reply.statusCode).toBe(503);
    expect(request.log.error).toHaveBeenCalledOnce();
  });
});

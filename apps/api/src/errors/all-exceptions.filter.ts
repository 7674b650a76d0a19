import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { CORRELATION_ID_HEADER } from '../http/correlation-id.js';
import { toErrorResponse } from './error-response.js';
import { toAppError } from './to-app-error.js';

/**
 * The last stop for every error, including the framework's (unknown route, malformed JSON, body
 * too large): each leaves as `{ error: { code, message, correlationId } }`. Server-side failures
 * are logged with the correlation id, and their details stay in the log.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  catch(thrown: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const error = toAppError(thrown);
    if (error.status >= 500) {
      request.log.error({ err: error.cause ?? error, code: error.code }, error.message);
    } else {
      request.log.info({ code: error.code }, error.message);
    }
    for (const [name, value] of Object.entries(error.headers ?? {})) void reply.header(name, value);
    void reply
      .status(error.status)
      .header(CORRELATION_ID_HEADER, request.id)
      .send(toErrorResponse(error, request.id));
  }
}

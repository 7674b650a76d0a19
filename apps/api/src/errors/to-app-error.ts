import { HttpException } from '@nestjs/common';
import { AppError } from './app-error.js';
import { dependencyOutage } from './dependency-outage.js';
import { errorCodeForStatus } from './error-codes.js';

/**
 * Messages for the framework's own client errors that are worth more than the code's default,
 * keyed by the error code Fastify puts on the original error.
 */
const FRAMEWORK_MESSAGES: Readonly<Record<string, string>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'The request body is not valid JSON.',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The request body is empty although its content type is JSON.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The request body does not match its Content-Length.',
};

/**
 * Turns anything thrown while serving a request into an {@link AppError}.
 *
 * The framework's HTTP errors (unknown route, malformed JSON, body too large, unsupported content
 * type) keep their status, mapped onto our codes. A dependency known to be unreachable (Redis)
 * is DEPENDENCY_UNAVAILABLE with a Retry-After. Anything else is a bug or an outage we did not
 * anticipate: it becomes INTERNAL, and nothing about it reaches the client.
 */
export function toAppError(thrown: unknown): AppError {
  if (thrown instanceof AppError) return thrown;
  if (thrown instanceof HttpException) {
    const code = errorCodeForStatus(thrown.getStatus());
    const frameworkCode = codeOf(thrown.cause);
    const publicMessage = frameworkCode === undefined ? undefined : FRAMEWORK_MESSAGES[frameworkCode];
    return new AppError(code, thrown.message, { cause: thrown, ...(publicMessage && { publicMessage }) });
  }
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  const unavailable = dependencyOutage(thrown);
  if (unavailable !== undefined) {
    return new AppError('DEPENDENCY_UNAVAILABLE', `${unavailable} unavailable: ${message}`, { cause: thrown, headers: { 'retry-after': String(RETRY_AFTER_SECONDS) } });
  }
  return new AppError('INTERNAL', message, { cause: thrown });
}

/** How long a client is asked to wait before retrying after a dependency outage. */
const RETRY_AFTER_SECONDS = 5;

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

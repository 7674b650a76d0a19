import { randomUUID } from 'node:crypto';
import { type IncomingMessage } from 'node:http';

/** Response (and accepted request) header that carries a request's correlation id. */
export const CORRELATION_ID_HEADER = 'x-correlation-id';

// An id set by a proxy in front of the API is kept so one id follows the request end to end.
// Anything else a client sends is replaced: the id lands in logs and must not carry arbitrary text.
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * Fastify's `genReqId`: the request's correlation id, which Fastify's logger attaches to every
 * line it logs for the request and the error filter puts in error bodies.
 */
export function correlationIdFor(request: IncomingMessage): string {
  const incoming = request.headers[CORRELATION_ID_HEADER];
  return typeof incoming === 'string' && ACCEPTABLE_ID.test(incoming) ? incoming : randomUUID();
}

/**
 * Recognises the errors a client library throws when a dependency is unreachable, as opposed to
 * a bug: those become 503 DEPENDENCY_UNAVAILABLE (the client may retry) instead of 500 INTERNAL.
 * Returns the dependency's name, or undefined for any other error.
 *
 * - ioredis fails a command with `MaxRetriesPerRequestError` once its reconnect attempts for it
 *   are spent (see redis/redis.module.ts), and with "Connection is closed." when the connection
 *   was dropped with the command in flight. Matched by name and message: ioredis does not export
 *   its error classes.
 * - Prisma reports an unreachable or vanished database server with the P1xxx connection codes and
 *   an exhausted connection pool with P2024, on `PrismaClientKnownRequestError`, or fails to
 *   start with `PrismaClientInitializationError`.
 */
export function dependencyOutage(thrown: unknown): string | undefined {
  if (!(thrown instanceof Error)) return undefined;
  if (thrown.name === 'MaxRetriesPerRequestError' || thrown.message === 'Connection is closed.') return 'Redis';
  if (thrown.name === 'PrismaClientInitializationError') return 'the database';
  if (thrown.name === 'PrismaClientKnownRequestError' && PRISMA_OUTAGE_CODES.has(codeOf(thrown))) return 'the database';
  return undefined;
}

/**
 * P1001 server unreachable, P1002 server timed out, P1008 operation timed out, P1017 server
 * closed the connection, P2024 timed out waiting for a pooled connection.
 */
const PRISMA_OUTAGE_CODES: ReadonlySet<string | undefined> = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);

function codeOf(error: Error): string | undefined {
  return 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/**
 * Recognises the errors a client library throws when a dependency is unreachable, as opposed to
 * a bug: those become 503 DEPENDENCY_UNAVAILABLE (the client may retry) instead of 500 INTERNAL.
 *
 * ioredis fails a command with `MaxRetriesPerRequestError` once its reconnect attempts for it are
 * spent (see redis/redis.module.ts), and with "Connection is closed." when the connection was
 * dropped with the command in flight. Both are matched by name and message because ioredis does
 * not export its error classes.
 */
export function dependencyOutage(thrown: unknown): string | undefined {
  if (!(thrown instanceof Error)) return undefined;
  if (thrown.name === 'MaxRetriesPerRequestError' || thrown.message === 'Connection is closed.') return 'Redis';
  return undefined;
}

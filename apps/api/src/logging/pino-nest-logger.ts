import { type LoggerService } from '@nestjs/common';
import { type FastifyBaseLogger } from 'fastify';

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * Routes Nest's own log lines (start-up, module wiring, shutdown) into Fastify's pino logger, so
 * the API writes one stream of JSON lines at one configured level.
 *
 * Nest calls `error(message, stack?, context?)` and the other methods `(message, context?)`; the
 * context (the class that logged) is always the last string argument.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly pino: FastifyBaseLogger) {}

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    const last = params.at(-1);
    const context = typeof last === 'string' ? last : undefined;
    if (message instanceof Error) {
      this.pino[level]({ context, err: message }, message.message);
      return;
    }
    const stack = level === 'error' && params.length > 1 && typeof params[0] === 'string' ? params[0] : undefined;
    this.pino[level]({ context, ...(stack && { stack }) }, typeof message === 'string' ? message : JSON.stringify(message));
  }
}

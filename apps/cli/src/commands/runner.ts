// How a command's handler is run: with its context, and with the one rule every signed-in
// command shares: a session the server no longer knows is deleted locally too.
import { ApiError } from '@coffre/sdk/errors';
import { type Command } from 'commander';
import { CliError } from '../cli-error.js';
import { type CliDependencies, CommandContext, type GlobalOptions } from '../context.js';
import { forgetSession } from '../store/session-file.js';

/** A command's work, given its context and commander's positional arguments and options. */
export type Handler = (context: CommandContext, ...args: never[]) => Promise<void>;

/** Wraps handlers into commander actions. */
export type Run = (handler: Handler) => (...args: unknown[]) => Promise<void>;

/** The runner of a CLI started with `dependencies`. */
export function createRunner(dependencies: CliDependencies): Run {
  return (handler) =>
    async (...args) => {
      const command = args.at(-1) as Command;
      const context = new CommandContext(dependencies, command.optsWithGlobals<GlobalOptions>());
      try {
        await (handler as (context: CommandContext, ...rest: unknown[]) => Promise<void>)(context, ...args.slice(0, -1));
      } catch (error) {
        if (error instanceof ApiError && error.code === 'UNAUTHENTICATED' && error.correlationId !== '' && context.usedSession) {
          // The token is dead (signed out elsewhere, revoked, expired): keeping the root key on
          // disk beside it would serve nobody.
          await forgetSession(context.config.stateDir);
          throw new CliError('NOT_SIGNED_IN', 'Your session has ended (signed out elsewhere, revoked or expired): run `coffre login <email>`.', { cause: error });
        }
        throw error;
      }
    };
}

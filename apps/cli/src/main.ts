// Runs one `coffre` command line and turns its outcome into output and an exit code.
import { CommanderError } from 'commander';
import { type CliDependencies } from './context.js';
import { describeError, errorLine } from './describe-error.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { createProgram } from './program.js';

/**
 * Runs `argv` (without node and the script) and returns the exit code. Nothing here calls
 * process.exit: the caller sets the code and lets pending output drain.
 */
export async function runCli(argv: readonly string[], dependencies: CliDependencies): Promise<ExitCode> {
  const { stderr } = dependencies.io;
  const json = argv.includes('--json');
  const verbose = argv.includes('--verbose') || argv.includes('-v');
  // In JSON mode commander's usage messages are replaced by the JSON error below.
  const program = createProgram(dependencies, (text) => {
    if (!json) stderr.write(text);
  });
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return EXIT.OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return EXIT.OK;
      if (json) {
        const message = error.code === 'commander.help' ? 'a command is required (run coffre --help)' : error.message.replace(/^error: /, '');
        writeJsonError(stderr, { code: 'USAGE', message, exitCode: EXIT.USAGE });
      }
      return EXIT.USAGE;
    }
    const described = describeError(error);
    if (json) writeJsonError(stderr, described);
    else stderr.write(`${errorLine(described, verbose)}\n`);
    if (verbose && !json && described.code === 'INTERNAL' && error instanceof Error && error.stack !== undefined) stderr.write(`${error.stack}\n`);
    return described.exitCode;
  }
}

function writeJsonError(stream: NodeJS.WritableStream, error: { code: string; message: string; exitCode: number; correlationId?: string }): void {
  stream.write(`${JSON.stringify({ error })}\n`);
}

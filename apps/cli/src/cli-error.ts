import { EXIT, type ExitCode } from './exit-codes.js';

/** Codes of the failures the CLI detects itself (the API's and the SDK's keep their own codes). */
export type CliErrorCode =
  | 'USAGE'
  | 'NOT_SIGNED_IN'
  | 'WRONG_SECRET'
  | 'NO_SECRET'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'UNSAFE_FILE'
  | 'BAD_LINK'
  | 'INTERRUPTED'
  | 'LOCAL_IO'
  /** `coffre verify-web`: the served web app is not the release (or has no valid manifest). */
  | 'WEB_MISMATCH'
  /** `coffre verify-web`: the web app could not be reached. */
  | 'UNREACHABLE';

const EXIT_BY_CLI_CODE: Record<CliErrorCode, ExitCode> = {
  USAGE: EXIT.USAGE,
  NOT_SIGNED_IN: EXIT.AUTH,
  WRONG_SECRET: EXIT.AUTH,
  NO_SECRET: EXIT.USAGE,
  NOT_FOUND: EXIT.NOT_FOUND,
  ALREADY_EXISTS: EXIT.CONFLICT,
  UNSAFE_FILE: EXIT.GENERIC,
  BAD_LINK: EXIT.USAGE,
  INTERRUPTED: EXIT.INTERRUPTED,
  LOCAL_IO: EXIT.GENERIC,
  WEB_MISMATCH: EXIT.INTEGRITY,
  UNREACHABLE: EXIT.NETWORK,
};

/** A failure the CLI reports itself, with a message meant for the person at the terminal. */
export class CliError extends Error {
  override readonly name = 'CliError';
  readonly exitCode: ExitCode;

  constructor(
    readonly code: CliErrorCode,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
    this.exitCode = EXIT_BY_CLI_CODE[code];
  }
}

// Every failure becomes one line for people (or one JSON object for scripts) and an exit code.
import { CryptoError } from '@coffre/crypto/errors';
import { DriveError } from '@coffre/sdk/drive';
import { ApiError, KeyChangedError } from '@coffre/sdk/errors';
import { CliError } from './cli-error.js';
import { EXIT, EXIT_BY_API_CODE, EXIT_BY_CRYPTO_CODE, EXIT_BY_DRIVE_CODE, type ExitCode } from './exit-codes.js';

/** What the CLI says about a failure. */
export interface DescribedError {
  /** The API's, the SDK's, @coffre/crypto's or the CLI's own error code. */
  code: string;
  /** One line, safe to show: the API's user message, or the CLI's. */
  message: string;
  exitCode: ExitCode;
  /** The API's correlation id, to quote when reporting a problem (shown with --verbose). */
  correlationId?: string;
}

/** Node's system errors for local files, by code: what to say and how to exit. */
const LOCAL_ERRORS: Record<string, { what: string; exitCode: ExitCode }> = {
  ENOENT: { what: 'no such file or folder', exitCode: EXIT.NOT_FOUND },
  EEXIST: { what: 'already exists', exitCode: EXIT.CONFLICT },
  EACCES: { what: 'permission denied', exitCode: EXIT.GENERIC },
  EPERM: { what: 'operation not permitted', exitCode: EXIT.GENERIC },
  EISDIR: { what: 'is a folder', exitCode: EXIT.USAGE },
  ENOTDIR: { what: 'is not a folder', exitCode: EXIT.USAGE },
  ENOSPC: { what: 'no space left on the device', exitCode: EXIT.GENERIC },
};

/** Turns anything thrown into the one line (and exit code) the CLI reports. */
export function describeError(error: unknown): DescribedError {
  if (error instanceof CliError) return { code: error.code, message: error.message, exitCode: error.exitCode };
  if (error instanceof KeyChangedError) {
    const fingerprint = error.current?.fingerprint;
    return {
      code: error.code,
      message:
        `The keys of ${error.email} changed since you verified them` +
        (fingerprint === undefined ? ' (and the new ones are not even valid keys).' : `: new fingerprint ${fingerprint}. `) +
        (fingerprint === undefined ? '' : `Compare it with ${error.email} in person or by phone, then run \`coffre contact ${error.email} --trust "${fingerprint}"\`.`),
      exitCode: EXIT.KEY_CHANGED,
    };
  }
  if (error instanceof ApiError) return describeApiError(error);
  if (error instanceof DriveError) return { code: error.code, message: error.message, exitCode: EXIT_BY_DRIVE_CODE[error.code] };
  if (error instanceof CryptoError) return describeCryptoError(error);
  const local = localError(error);
  if (local !== undefined) return local;
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message: `Unexpected error: ${message}`, exitCode: EXIT.GENERIC };
}

function describeApiError(error: ApiError): DescribedError {
  let message = error.message;
  if (error.issues !== undefined && error.issues.length > 0) {
    message += ` (${error.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')})`;
  }
  if (error.retryAfterSeconds !== undefined) message += ` Try again in ${error.retryAfterSeconds} s.`;
  return {
    code: error.code,
    message,
    exitCode: EXIT_BY_API_CODE[error.code] ?? EXIT.GENERIC,
    ...(error.correlationId !== '' && { correlationId: error.correlationId }),
  };
}

function describeCryptoError(error: CryptoError): DescribedError {
  const messages: Record<string, string> = {
    // One message for every authentication failure: which check failed is not the person's
    // business, and printing it would make the CLI a decryption oracle's mouthpiece.
    DECRYPT_FAILED: 'Decryption failed: the data was tampered with, truncated, or not meant for this key.',
    UNSUPPORTED_VERSION: `Unsupported format: ${error.detail}. A newer coffre may read it.`,
    INVALID_INPUT: `Invalid input: ${error.detail}.`,
    KEY_CHANGED: 'The server presented a key other than the one this client expects.',
  };
  return { code: error.code, message: messages[error.code] ?? error.message, exitCode: EXIT_BY_CRYPTO_CODE[error.code] ?? EXIT.GENERIC };
}

function localError(error: unknown): DescribedError | undefined {
  if (!(error instanceof Error) || !('code' in error) || typeof error.code !== 'string') return undefined;
  const known = LOCAL_ERRORS[error.code];
  if (known === undefined) return undefined;
  const where = 'path' in error && typeof error.path === 'string' ? `${error.path}: ` : '';
  return { code: error.code, message: `${where}${known.what}.`, exitCode: known.exitCode };
}

/** The line printed on stderr: message and code, and the correlation id when `verbose`. */
export function errorLine(described: DescribedError, verbose: boolean): string {
  const correlation = verbose && described.correlationId !== undefined ? ` (correlation id ${described.correlationId})` : '';
  return `coffre: ${described.message} [${described.code}]${correlation}`;
}

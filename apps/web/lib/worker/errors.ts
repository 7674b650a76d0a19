// Errors crossing the worker boundary. Structured cloning keeps an Error's message but not its
// class or fields, so the worker flattens every failure into WorkerErrorData and the page
// rebuilds an AccountError from it.
import { CryptoError } from '@coffre/crypto/errors';
import { type DriveError } from '@coffre/sdk/drive';
import { ApiError, KeyChangedError } from '@coffre/sdk/errors';
import { type WorkerErrorCode, type WorkerErrorData } from './protocol.ts';

/** A failure the worker detects itself (not signed in, not started). */
export class WorkerFailure extends Error {
  override readonly name = 'WorkerFailure';

  constructor(
    readonly code: Extract<WorkerErrorCode, 'NOT_SIGNED_IN' | 'NOT_STARTED' | 'NOT_FOUND' | 'WORKER_FAILED'>,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Flattens anything a handler threw into data the page can read. Unknown errors become
 * WORKER_FAILED with a generic message: their text may hold internal detail.
 */
export function toErrorData(error: unknown): WorkerErrorData {
  if (error instanceof ApiError) {
    return {
      code: error.code,
      message: error.message,
      status: error.status,
      correlationId: error.correlationId,
      ...(error.retryAfterSeconds !== undefined && { retryAfterSeconds: error.retryAfterSeconds }),
      ...(error.issues !== undefined && { issues: error.issues }),
    };
  }
  if (error instanceof CryptoError) {
    // INVALID_INPUT details describe input before any key is involved ("recovery key group 3
    // has a typo"): worth showing. Decryption failures say nothing more, on purpose.
    return { code: error.code, message: error.code === 'INVALID_INPUT' ? error.detail : error.message };
  }
  // Drive errors are worded for people ("\"a.txt\" already exists"); TAMPERED says nothing more
  // than that verification failed.
  if (isDriveError(error)) return { code: error.code, message: error.code === 'TAMPERED' ? 'Something the server sent failed verification.' : error.message };
  if (error instanceof WorkerFailure) return { code: error.code, message: error.message };
  if (error instanceof KeyChangedError) return { code: 'KEY_CHANGED', message: error.message };
  return { code: 'WORKER_FAILED', message: 'Something went wrong in this browser.' };
}

/**
 * By name rather than `instanceof`: this module is also loaded by the pages (AccountError), and
 * importing the drive's class would pull the whole drive, crypto included, into their bundles.
 */
function isDriveError(error: unknown): error is DriveError {
  return error instanceof Error && error.name === 'DriveError' && typeof (error as { code?: unknown }).code === 'string';
}

/** What the page throws when a worker method fails: the data, as an Error. */
export class AccountError extends Error {
  override readonly name = 'AccountError';
  readonly code: WorkerErrorCode;
  readonly status: number | undefined;
  readonly correlationId: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly issues: { path: string; message: string }[] | undefined;

  constructor(data: WorkerErrorData) {
    super(data.message);
    this.code = data.code;
    this.status = data.status;
    this.correlationId = data.correlationId === '' ? undefined : data.correlationId;
    this.retryAfterSeconds = data.retryAfterSeconds;
    this.issues = data.issues;
  }
}

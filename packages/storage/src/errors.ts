/**
 * The one error type of @coffre/storage, with a closed set of codes so that callers (the API's
 * error table, the repair jobs) can branch on `code` instead of parsing messages.
 */
export type StorageErrorCode =
  /** Malformed before any backend is involved: bad object id, size, byte range or option. */
  | 'INVALID_INPUT'
  /** The object does not exist (on this backend, or in the store's placement records). */
  | 'NOT_FOUND'
  /** Bytes that do not hash to their address, or a length that differs from the one announced. */
  | 'INTEGRITY'
  /** A backend could not be reached, answered with a server error, or did not answer in time. */
  | 'UNAVAILABLE'
  /** A write reached fewer durable copies than the replication policy's write quorum. */
  | 'QUORUM_NOT_REACHED'
  /** The operation was cancelled: by its caller, or by the store giving up on a stalled backend. */
  | 'ABORTED'
  /**
   * The store itself failed (its block-hashing worker died): neither the caller's fault nor a
   * backend's, so no copy is blamed and nothing unverified was handed out.
   */
  | 'INTERNAL';

/** What went wrong on one backend, kept on errors that sum up several backends. */
export interface BackendFailure {
  readonly backendId: string;
  readonly code: StorageErrorCode;
  readonly message: string;
}

export class StorageError extends Error {
  override readonly name = 'StorageError';
  /** Per-backend causes when one operation spanned several backends; empty otherwise. */
  readonly failures: readonly BackendFailure[];

  constructor(
    readonly code: StorageErrorCode,
    message: string,
    options: {
      /** Per-backend causes when one operation spanned several backends. */
      readonly failures?: readonly BackendFailure[];
      readonly cause?: unknown;
    } = {},
  ) {
    super(`${code}: ${message}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.failures = options.failures ?? [];
  }
}

/** True when `error` is a StorageError carrying `code`. */
export function isStorageError(error: unknown, code?: StorageErrorCode): error is StorageError {
  return error instanceof StorageError && (code === undefined || error.code === code);
}

/**
 * Normalises anything a backend threw into a StorageError. Errors the backend did not classify
 * count as UNAVAILABLE: the store then treats that backend as unhealthy and tries another copy,
 * which is the safe reaction to a failure nobody anticipated.
 */
export function asStorageError(error: unknown): StorageError {
  if (error instanceof StorageError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new StorageError('UNAVAILABLE', message, { cause: error });
}

/** Summarises `error` as one backend's failure, for the `failures` of a multi-backend error. */
export function backendFailure(backendId: string, error: unknown): BackendFailure {
  const storageError = asStorageError(error);
  return { backendId, code: storageError.code, message: storageError.message };
}

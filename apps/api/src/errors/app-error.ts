import { ERROR_CODES, type ErrorCode } from './error-codes.js';

/** One problem with a request's input: where (`body.name`, `query.limit`) and what. */
export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
}

/** Optional parts of an {@link AppError}. */
export interface AppErrorOptions {
  /** What the user is told; defaults to the code's message. Never include internal detail. */
  readonly publicMessage?: string;
  /** For VALIDATION_FAILED: every problem found, so a client can fix them all at once. */
  readonly issues?: readonly ValidationIssue[];
  /**
   * Facts the client needs to act on the error (e.g. QUOTA_EXCEEDED's `remainingBytes`); sent as
   * `error.details`. Never internal detail.
   */
  readonly details?: Readonly<Record<string, unknown>>;
  /** Response headers the error calls for (e.g. a 416's `content-range`). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly cause?: unknown;
}

/**
 * The API's one error type. `message` is for the logs and may hold internal detail;
 * `publicMessage` is all the client sees. The HTTP status follows from the code alone.
 */
export class AppError extends Error {
  override readonly name = 'AppError';
  readonly publicMessage: string;
  readonly issues: readonly ValidationIssue[] | undefined;
  readonly details: Readonly<Record<string, unknown>> | undefined;
  readonly headers: Readonly<Record<string, string>> | undefined;

  constructor(
    readonly code: ErrorCode,
    internalMessage: string,
    options: AppErrorOptions = {},
  ) {
    super(internalMessage, { cause: options.cause });
    this.publicMessage = options.publicMessage ?? ERROR_CODES[code].message;
    this.issues = options.issues;
    this.details = options.details;
    this.headers = options.headers;
  }

  /** The HTTP status for this error's code. */
  get status(): number {
    return ERROR_CODES[this.code].status;
  }
}

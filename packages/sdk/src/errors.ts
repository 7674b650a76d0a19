// What the SDK throws besides @coffre/crypto's `CryptoError`, which reports what the client
// detects itself: a wrong recovery key (DECRYPT_FAILED), a mistyped one (INVALID_INPUT), an
// OPAQUE server key other than the pinned one (KEY_CHANGED).
import { type ContactKeys } from './flows/lookup-public-keys.js';

/** The API's error codes, plus two the client assigns itself. */
export type ApiErrorCode =
  | 'VALIDATION_FAILED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'QUOTA_EXCEEDED'
  | 'UPLOAD_INCOMPLETE'
  | 'CHECKSUM_MISMATCH'
  | 'RANGE_NOT_SATISFIABLE'
  | 'LINK_EXPIRED'
  | 'LINK_REVOKED'
  | 'LINK_EXHAUSTED'
  | 'RATE_LIMITED'
  | 'INTERNAL'
  | 'DEPENDENCY_UNAVAILABLE'
  /** The request never got an answer (network down, DNS, TLS, CORS). `status` is 0. */
  | 'NETWORK_ERROR'
  /** The answer was not the API's (e.g. a proxy's HTML error page). */
  | 'UNEXPECTED_RESPONSE';

/** One problem with a request's input, as the API located it (`body.email`). */
export interface ApiErrorIssue {
  path: string;
  message: string;
}

/**
 * What an error says besides its code: the API's `error.details` (QUOTA_EXCEEDED
 * `remainingBytes`, UPLOAD_INCOMPLETE `missing`), VALIDATION_FAILED issues, RATE_LIMITED's wait.
 */
export interface ApiErrorDetails {
  issues?: ApiErrorIssue[];
  retryAfterSeconds?: number;
  /** QUOTA_EXCEEDED: bytes of quota left. */
  remainingBytes?: number;
  /** UPLOAD_INCOMPLETE: numbers of the parts the server lacks (at most 1000; ask the upload for all). */
  missing?: number[];
  cause?: unknown;
  [detail: string]: unknown;
}

/** A request the API refused or could not answer. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** HTTP status; 0 when no response arrived. */
    readonly status: number,
    readonly code: ApiErrorCode,
    /** Safe to show to a user. */
    message: string,
    /** Quote it when reporting a problem; empty when no response arrived. */
    readonly correlationId: string,
    readonly details: ApiErrorDetails = {},
  ) {
    super(message, { cause: details.cause });
  }

  /** VALIDATION_FAILED: every problem the API found. */
  get issues(): ApiErrorIssue[] | undefined {
    return this.details.issues;
  }

  /** RATE_LIMITED: how long to wait before trying again. */
  get retryAfterSeconds(): number | undefined {
    return this.details.retryAfterSeconds;
  }
}

/**
 * A contact's public keys are not the ones pinned for their email. Never accept this silently:
 * show the new fingerprint, let the person compare it with the contact out of band, and only
 * then pin the new keys (`confirmPublicKeys`).
 */
export class KeyChangedError extends Error {
  override readonly name = 'KeyChangedError';
  readonly code = 'KEY_CHANGED';

  constructor(
    readonly email: string,
    /** The keys the server now presents; undefined when they are not even valid public keys. */
    readonly current: ContactKeys | undefined,
  ) {
    super(`The keys of ${email} changed since they were verified.`);
  }
}

// What the drive reports that is neither the API's refusal (ApiError) nor a malformed argument
// caught by @coffre/crypto (CryptoError INVALID_INPUT): a path that does not exist, a name in
// use, a record or content that failed verification, a link that needs a password.

/** The closed set of drive error codes. */
export type DriveErrorCode =
  /** No node at this path (or no such child). */
  | 'NOT_FOUND'
  /** A node with this name already exists in the folder. */
  | 'NAME_TAKEN'
  /** A name that cannot be a node's name (empty, with "/", "." or "..", too long). */
  | 'INVALID_NAME'
  /** A folder was expected. */
  | 'NOT_A_FOLDER'
  /** A file was expected. */
  | 'NOT_A_FILE'
  /** The operation does not apply to this node (e.g. moving a folder into itself, renaming a root). */
  | 'NOT_ALLOWED'
  /**
   * The server sent something that failed verification: a record whose signature, envelopes or
   * version counter do not check out, a rolled-back record, or file content that fails
   * authentication. Never retried, never shown as valid.
   */
  | 'TAMPERED'
  /** A record signed by an account whose keys this client cannot verify (not the account itself, nor a known contact). */
  | 'UNTRUSTED_WRITER'
  /** The file has no content this client can verify as current (e.g. an upload that never finished). */
  | 'NO_CONTENT'
  /** The upload source changed size while it was read, or returned fewer bytes than announced. */
  | 'SOURCE_CHANGED'
  /** The link is malformed (what is wrong is in the message). */
  | 'INVALID_LINK'
  /** The link has a password and none was given. */
  | 'PASSWORD_REQUIRED'
  /** The link's password (or, without a password, its key) is wrong. */
  | 'WRONG_PASSWORD'
  /** The operation was aborted through its AbortSignal. */
  | 'ABORTED';

/** A drive operation that could not be done; `message` is safe to show to the person. */
export class DriveError extends Error {
  override readonly name = 'DriveError';

  constructor(
    readonly code: DriveErrorCode,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
  }
}

/** True if `error` is a DriveError with `code`. */
export function isDriveError(error: unknown, code?: DriveErrorCode): error is DriveError {
  return error instanceof DriveError && (code === undefined || error.code === code);
}

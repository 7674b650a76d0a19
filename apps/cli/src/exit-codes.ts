import { type DriveErrorCode } from '@coffre/sdk/drive';

// The exit codes of `coffre`, one per kind of failure a script may want to tell apart. The table
// is documented in docs/cli.md; keep the two in step.

/** Exit codes of the `coffre` command. */
export const EXIT = {
  /** The command did what it was asked. */
  OK: 0,
  /** Anything not listed below (including a server error). */
  GENERIC: 1,
  /** Bad command line: unknown command or option, missing or malformed argument, invalid input. */
  USAGE: 2,
  /** Not signed in, session ended, wrong password or recovery key, or not allowed. */
  AUTH: 3,
  /** No such file, folder, link, share, session or account. */
  NOT_FOUND: 4,
  /** Already exists, changed meanwhile, or an upload the server does not hold whole. */
  CONFLICT: 5,
  /** The account's storage quota (or a size limit) would be exceeded. */
  QUOTA: 6,
  /** The link expired, was revoked, or has no downloads left. */
  LINK_GONE: 7,
  /** Data failed authentication or integrity checks: tampered, truncated, wrong key. */
  INTEGRITY: 8,
  /** The server could not be reached, or something other than the Coffre API answered. */
  NETWORK: 9,
  /** Too many attempts; wait and try again. */
  RATE_LIMITED: 10,
  /** A contact's public keys changed since they were verified (`coffre contact`). */
  KEY_CHANGED: 11,
  /** Interrupted (Ctrl-C). */
  INTERRUPTED: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit code for each error code of the API (and the two the SDK assigns itself). */
export const EXIT_BY_API_CODE: Readonly<Record<string, ExitCode>> = {
  VALIDATION_FAILED: EXIT.USAGE,
  UNAUTHENTICATED: EXIT.AUTH,
  FORBIDDEN: EXIT.AUTH,
  NOT_FOUND: EXIT.NOT_FOUND,
  CONFLICT: EXIT.CONFLICT,
  UPLOAD_INCOMPLETE: EXIT.CONFLICT,
  PAYLOAD_TOO_LARGE: EXIT.QUOTA,
  QUOTA_EXCEEDED: EXIT.QUOTA,
  UNSUPPORTED_MEDIA_TYPE: EXIT.GENERIC,
  CHECKSUM_MISMATCH: EXIT.INTEGRITY,
  RANGE_NOT_SATISFIABLE: EXIT.GENERIC,
  LINK_EXPIRED: EXIT.LINK_GONE,
  LINK_REVOKED: EXIT.LINK_GONE,
  LINK_EXHAUSTED: EXIT.LINK_GONE,
  RATE_LIMITED: EXIT.RATE_LIMITED,
  INTERNAL: EXIT.GENERIC,
  DEPENDENCY_UNAVAILABLE: EXIT.NETWORK,
  NETWORK_ERROR: EXIT.NETWORK,
  UNEXPECTED_RESPONSE: EXIT.NETWORK,
};

/** The exit code for each error code of @coffre/crypto. */
export const EXIT_BY_CRYPTO_CODE: Readonly<Record<string, ExitCode>> = {
  DECRYPT_FAILED: EXIT.INTEGRITY,
  UNSUPPORTED_VERSION: EXIT.INTEGRITY,
  INVALID_INPUT: EXIT.USAGE,
  KEY_CHANGED: EXIT.KEY_CHANGED,
};

/** The exit code for each error code of the SDK's drive. */
export const EXIT_BY_DRIVE_CODE: Readonly<Record<DriveErrorCode, ExitCode>> = {
  NOT_FOUND: EXIT.NOT_FOUND,
  NO_CONTENT: EXIT.NOT_FOUND,
  NAME_TAKEN: EXIT.CONFLICT,
  SOURCE_CHANGED: EXIT.CONFLICT,
  INVALID_NAME: EXIT.USAGE,
  NOT_A_FOLDER: EXIT.USAGE,
  NOT_A_FILE: EXIT.USAGE,
  NOT_ALLOWED: EXIT.USAGE,
  INVALID_LINK: EXIT.USAGE,
  TAMPERED: EXIT.INTEGRITY,
  UNTRUSTED_WRITER: EXIT.INTEGRITY,
  PASSWORD_REQUIRED: EXIT.AUTH,
  WRONG_PASSWORD: EXIT.AUTH,
  ABORTED: EXIT.INTERRUPTED,
};

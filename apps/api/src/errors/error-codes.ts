/**
 * The closed set of error codes the API answers with, each with its HTTP status and the message
 * a user may see. This is the only place a code meets a status: clients switch on the code, so a
 * code is never renamed or reused for something else.
 *
 * UNAUTHENTICATED covers every authentication failure alike (unknown account, wrong password,
 * expired session) so that a response never reveals which check failed.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: { status: 400, message: 'The request is invalid.' },
  UNAUTHENTICATED: { status: 401, message: 'Authentication failed.' },
  FORBIDDEN: { status: 403, message: 'You are not allowed to do this.' },
  NOT_FOUND: { status: 404, message: 'Nothing was found at this address.' },
  CONFLICT: { status: 409, message: 'The request conflicts with the current state.' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'This content type is not accepted here.' },
  QUOTA_EXCEEDED: { status: 413, message: 'This would exceed your storage quota.' },
  UPLOAD_INCOMPLETE: { status: 409, message: 'The upload is missing parts; send them and complete it again.' },
  CHECKSUM_MISMATCH: { status: 400, message: 'The bytes received do not match their declared checksum.' },
  RANGE_NOT_SATISFIABLE: { status: 416, message: 'The requested byte range is outside the content.' },
  LINK_EXPIRED: { status: 410, message: 'This link has expired.' },
  LINK_REVOKED: { status: 410, message: 'This link was revoked by its owner.' },
  LINK_EXHAUSTED: { status: 410, message: 'This link has reached its download limit.' },
  RATE_LIMITED: { status: 429, message: 'Too many requests; try again later.' },
  INTERNAL: { status: 500, message: 'Something went wrong on our side.' },
  DEPENDENCY_UNAVAILABLE: { status: 503, message: 'A service the API depends on is unavailable; try again later.' },
} as const satisfies Record<string, { status: number; message: string }>;

/** One of the codes in {@link ERROR_CODES}. */
export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * The code for an HTTP status that did not come from an {@link AppError}, e.g. a framework 404.
 * Where several codes share a status, the generic one is declared first and wins.
 */
export function errorCodeForStatus(status: number): ErrorCode {
  for (const [code, { status: codeStatus }] of Object.entries(ERROR_CODES)) {
    if (codeStatus === status) return code as ErrorCode;
  }
  // Any other client error is a request the API cannot act on; any other server error is ours.
  return status >= 400 && status < 500 ? 'VALIDATION_FAILED' : 'INTERNAL';
}

import { z } from 'zod';
import { ERROR_CODES, type ErrorCode } from './error-codes.js';
import { type AppError } from './app-error.js';

const errorCodes = Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]];

/** The body of every error response, whatever produced the error. Documented in OpenAPI. */
export const errorResponseSchema = z
  .object({
    error: z.object({
      code: z.enum(errorCodes),
      message: z.string().describe('Safe to show to a user.'),
      correlationId: z.string().describe('Also in the x-correlation-id header; quote it when reporting a problem.'),
      issues: z
        .array(z.object({ path: z.string(), message: z.string() }))
        .optional()
        .describe('VALIDATION_FAILED only: every problem found in the request.'),
      details: z
        .record(z.string(), z.unknown())
        .optional()
        .describe('What the client needs to act on some errors: QUOTA_EXCEEDED `remainingBytes`, UPLOAD_INCOMPLETE `missing` (part numbers).'),
    }),
  })
  .meta({ id: 'ErrorResponse' });

/** The body of an error response. */
export type ErrorResponse = z.infer<typeof errorResponseSchema>;

/** Builds the client-facing body for `error`: code, public message, correlation id, issues. */
export function toErrorResponse(error: AppError, correlationId: string): ErrorResponse {
  return {
    error: {
      code: error.code,
      message: error.publicMessage,
      correlationId,
      ...(error.issues === undefined ? {} : { issues: [...error.issues] }),
      ...(error.details === undefined ? {} : { details: { ...error.details } }),
    },
  };
}

import { StorageError } from '../errors.js';

interface SdkError {
  readonly name?: string;
  readonly message?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

/**
 * Maps what the S3 client threw to the store's codes. Only an answer that the key is absent is
 * NOT_FOUND: a missing bucket is a broken backend (UNAVAILABLE), or every object on it would look
 * lost and be queued for repair at once.
 */
export function s3Error(error: unknown, signal?: AbortSignal): StorageError {
  if (error instanceof StorageError) return error;
  const { name = 'Error', message = String(error), $metadata } = (error ?? {}) as SdkError;
  const status = $metadata?.httpStatusCode;
  if (signal?.aborted || name === 'AbortError') return new StorageError('ABORTED', 'the operation was aborted', { cause: error });
  if (name === 'NoSuchKey' || (status === 404 && name !== 'NoSuchBucket')) {
    return new StorageError('NOT_FOUND', 'no such object', { cause: error });
  }
  if (name === 'InvalidRange' || status === 416) {
    return new StorageError('INVALID_INPUT', 'the byte range lies beyond the object', { cause: error });
  }
  if (name === 'XAmzContentSHA256Mismatch' || name === 'BadDigest') {
    return new StorageError('INTEGRITY', 'the service refused a body that does not hash to its key', { cause: error });
  }
  return new StorageError('UNAVAILABLE', `s3 ${name}${status === undefined ? '' : ` (${status})`}: ${message}`, { cause: error });
}

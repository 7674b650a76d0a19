import { createHash } from 'node:crypto';
import { abortError } from './abort.js';
import { StorageError, isStorageError } from './errors.js';
import { type ObjectId } from './object-id.js';

/**
 * The body as a backend should consume it: the same chunks, checked to hash to `key` and to number
 * exactly `size` bytes, the stream erroring with INTEGRITY otherwise.
 *
 * The last chunk is held back until the check has passed. A backend that commits when its input
 * ends (a single S3 PUT with a known Content-Length, a multipart upload's completion, a file
 * rename) therefore never receives the complete object unless it is the right one: a mismatch
 * errors the stream while the final bytes are still missing, and nothing is committed.
 *
 * A body that fails for its own reasons (the uploader went away) errors the stream with ABORTED,
 * so that the backend does not take the blame for it. Whatever errors the stream is also handed
 * to `onFailure`, for consumers (HTTP clients) that report a failing body as something vaguer.
 * When `release` fires, the body is cancelled even if whoever consumes the returned stream has
 * stopped reading it without cancelling.
 */
export function verifiedBody(
  body: ReadableStream<Uint8Array>,
  key: ObjectId,
  size: number,
  options: {
    readonly release?: AbortSignal;
    readonly onFailure?: (error: StorageError) => void;
    /** False when the body was verified upstream (`PutOptions.verified`): only the length is checked. */
    readonly checkHash?: boolean;
  } = {},
): ReadableStream<Uint8Array> {
  const { release, onFailure, checkHash = true } = options;
  const reader = body.getReader();
  release?.addEventListener('abort', () => void reader.cancel(release.reason).catch(() => undefined), { once: true });
  const hash = checkHash ? createHash('sha256') : undefined;
  let received = 0;
  let heldBack: Uint8Array | undefined;

  const fail = (error: StorageError): never => {
    onFailure?.(error);
    throw error;
  };
  const refuse = async (message: string): Promise<never> => {
    const error = new StorageError('INTEGRITY', message);
    await reader.cancel(error).catch(() => undefined);
    return fail(error);
  };

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        for (;;) {
          const { done, value } = await reader.read().catch((error: unknown) =>
            fail(isStorageError(error) ? error : new StorageError('ABORTED', 'the body failed before its end', { cause: error })),
          );
          if (release?.aborted) fail(abortError(release));
          if (done) {
            if (received !== size) await refuse(`body has ${received} bytes, ${size} were announced`);
            if (hash !== undefined && hash.digest('hex') !== key) await refuse('body does not hash to its object id');
            if (heldBack !== undefined) controller.enqueue(heldBack);
            controller.close();
            return;
          }
          if (value.length === 0) continue;
          received += value.length;
          if (received > size) await refuse(`body is longer than the announced ${size} bytes`);
          hash?.update(value);
          const previous = heldBack;
          heldBack = value;
          if (previous !== undefined) {
            controller.enqueue(previous);
            return;
          }
        }
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}

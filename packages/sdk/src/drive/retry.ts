import { ApiError } from '../errors.js';
import { DriveError } from './drive-error.js';

/** How transfers retry: attempts in all, and the backoff between them. */
export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 250, maxDelayMs: 8000 };

/**
 * Whether an error is worth another attempt: no answer (network), a server error (5xx), or being
 * rate limited. A 4xx is an answer about the request itself and is not retried.
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof ApiError) return error.status === 0 || error.status >= 500 || error.code === 'RATE_LIMITED';
  // fetch bodies fail with a TypeError when the connection drops mid-stream.
  return error instanceof TypeError && !(error instanceof DriveError);
}

/** Throws DriveError ABORTED if `signal` is aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DriveError('ABORTED', 'The transfer was aborted.', { cause: signal.reason });
}

/** Waits `ms`, or less if `signal` aborts (then throws ABORTED). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', aborted);
      resolve();
    }
    function aborted() {
      clearTimeout(timer);
      reject(new DriveError('ABORTED', 'The transfer was aborted.', { cause: signal?.reason }));
    }
    signal?.addEventListener('abort', aborted, { once: true });
  });
}

/**
 * Runs `operation` until it succeeds, retrying retryable failures with exponential backoff and
 * jitter (or the server's Retry-After), at most `policy.attempts` times in all.
 */
export async function withRetry<T>(operation: (attempt: number) => Promise<T>, options: { policy?: RetryPolicy; signal?: AbortSignal } = {}): Promise<T> {
  const policy = options.policy ?? DEFAULT_RETRY;
  for (let attempt = 1; ; attempt++) {
    throwIfAborted(options.signal);
    try {
      return await operation(attempt);
    } catch (error) {
      if (options.signal?.aborted) throw new DriveError('ABORTED', 'The transfer was aborted.', { cause: error });
      if (attempt >= policy.attempts || !isRetryable(error)) throw error;
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      const hinted = error instanceof ApiError && error.retryAfterSeconds !== undefined ? error.retryAfterSeconds * 1000 : 0;
      await sleep(Math.max(hinted, backoff / 2 + Math.random() * (backoff / 2)), options.signal);
    }
  }
}

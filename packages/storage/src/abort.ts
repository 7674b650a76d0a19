import { StorageError } from './errors.js';

/** The error an aborted storage operation rejects with; keeps the signal's reason as `cause`. */
export function abortError(signal: AbortSignal): StorageError {
  const reason: unknown = signal.reason;
  if (reason instanceof StorageError && reason.code === 'ABORTED') return reason;
  return new StorageError('ABORTED', 'the operation was aborted', { cause: reason });
}

/** @throws {StorageError} ABORTED if `signal` has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(signal);
}

/**
 * Settles with `promise`, or rejects with ABORTED as soon as `signal` fires. `onLateResult` gets
 * a result that arrives after the abort, so that resources it holds (an open body) can be released.
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined, onLateResult: (value: T) => void): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) {
    promise.then(onLateResult, () => undefined);
    return Promise.reject(abortError(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) onLateResult(value);
        else resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

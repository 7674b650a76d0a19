import { expect } from 'vitest';
import { type StorageErrorCode, StorageError } from '../../src/errors.js';

/** Awaits `promise` and checks it rejected with a StorageError of `code`; returns the error. */
export async function expectStorageError(promise: Promise<unknown>, code: StorageErrorCode): Promise<StorageError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error, `expected a StorageError ${code}`).toBeInstanceOf(StorageError);
  expect((error as StorageError).code, (error as StorageError).message).toBe(code);
  return error as StorageError;
}

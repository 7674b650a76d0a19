// Assertions on CryptoError codes: a test that only checks "it threw" would pass on a TypeError.
import { expect } from 'vitest';
import { CryptoError, type CryptoErrorCode } from '../../src/errors.js';

function check(error: unknown, code: CryptoErrorCode): void {
  expect(error).toBeInstanceOf(CryptoError);
  expect((error as CryptoError).code).toBe(code);
}

/** Asserts that `run` throws a CryptoError with `code`. */
export function expectCode(run: () => unknown, code: CryptoErrorCode): void {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, `expected CryptoError ${code}`).toBeDefined();
  check(thrown, code);
}

/** Asserts that `run` rejects with a CryptoError with `code`. */
export async function expectCodeAsync(run: () => Promise<unknown>, code: CryptoErrorCode): Promise<void> {
  let thrown: unknown;
  try {
    await run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, `expected CryptoError ${code}`).toBeDefined();
  check(thrown, code);
}

/** The code of the CryptoError `run` throws; fails the test if it throws anything else or nothing. */
export function thrownCode(run: () => unknown): CryptoErrorCode {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CryptoError);
    return (error as CryptoError).code;
  }
  throw new Error('expected a CryptoError, nothing was thrown');
}

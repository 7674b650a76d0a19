import { describe, expect, it } from 'vitest';
import { AccountError } from '../worker/errors.ts';
import { errorText } from './error-text.ts';

const error = (code: AccountError['code'], extra: Partial<ConstructorParameters<typeof AccountError>[0]> = {}) =>
  new AccountError({ code, message: `API says ${code}`, ...extra });

describe('errorText', () => {
  it('reads UNAUTHENTICATED for what it means on each form', () => {
    expect(errorText(error('UNAUTHENTICATED'), 'login').message).toBe('The email or password is not correct.');
    expect(errorText(error('UNAUTHENTICATED'), 'change-password').message).toBe('The current password is not correct.');
    expect(errorText(error('UNAUTHENTICATED'), 'delete-account').message).toBe('The password is not correct. The account was not deleted.');
  });

  it('explains recovery failures, down to the group with a typo', () => {
    expect(errorText(error('DECRYPT_FAILED'), 'recover').message).toBe('This recovery key does not belong to this account.');
    expect(errorText(error('NOT_FOUND'), 'recover').message).toBe('No account has this email address.');
    expect(errorText(new AccountError({ code: 'INVALID_INPUT', message: 'recovery key group 3 has a typo' }), 'recover').message).toBe(
      'Group 3 of the recovery key has a typo. Compare it with your saved copy.',
    );
    expect(errorText(new AccountError({ code: 'INVALID_INPUT', message: 'recovery key must have 40 characters, got 39' }), 'recover').message).toBe(
      'A recovery key has 40 letters and digits (8 groups of 5); this one has 39.',
    );
    expect(errorText(new AccountError({ code: 'INVALID_INPUT', message: 'recovery key contains "U", which is not in the alphabet' }), 'recover').message).toBe(
      'The recovery key contains “U”, which never appears in recovery keys.',
    );
    expect(errorText(new AccountError({ code: 'INVALID_INPUT', message: 'recovery key must be a string' }), 'recover').message).toMatch(/^This is not a valid recovery key/);
    // Not every INVALID_INPUT of a recovery is about the key.
    expect(errorText(new AccountError({ code: 'INVALID_INPUT', message: 'password is longer than 4096 characters' }), 'recover').message).toBe(
      'Some of what was entered is not valid. Check it and try again.',
    );
  });

  it('says how long to wait when rate limited', () => {
    expect(errorText(error('RATE_LIMITED', { retryAfterSeconds: 1 }), 'login').message).toBe('Too many attempts. Try again in 1 second.');
    expect(errorText(error('RATE_LIMITED', { retryAfterSeconds: 42 }), 'login').message).toBe('Too many attempts. Try again in 42 seconds.');
    expect(errorText(error('RATE_LIMITED', { retryAfterSeconds: 61 }), 'signup').message).toBe('Too many attempts. Try again in 2 minutes.');
    expect(errorText(error('RATE_LIMITED'), 'signup').message).toBe('Too many attempts. Wait a moment and try again.');
  });

  it('hands over the correlation id for support, when the API gave one', () => {
    expect(errorText(error('INTERNAL', { correlationId: 'req-7f3a' }), 'sessions')).toEqual({
      message: 'Something went wrong on our side. Try again; if it keeps happening, contact support.',
      reference: 'req-7f3a',
    });
    expect(errorText(error('NETWORK_ERROR', { correlationId: '' }), 'login').reference).toBeUndefined();
  });

  it("falls back to the API's own user-safe message for codes without wording here", () => {
    expect(errorText(error('QUOTA_EXCEEDED'), 'account').message).toBe('API says QUOTA_EXCEEDED');
  });

  it('never shows the text of something that is not an account error', () => {
    expect(errorText(new Error('internal detail'), 'login').message).toBe('This page could not run the part that keeps your keys. Reload the page and try again.');
  });
});

import { describe, expect, it } from 'vitest';
import { signedOutDestination } from './destinations.ts';
import { noticeNamed, NOTICES } from './notices.ts';

const ADA = { accountId: 'a', email: 'ada@example.org', recoveryKeyPending: false };

describe('signedOutDestination', () => {
  it('stays while the session starts, and when signed in', () => {
    expect(signedOutDestination({ status: 'starting' }, '/drive')).toBeUndefined();
    expect(signedOutDestination({ status: 'signed-in', session: ADA }, '/drive')).toBeUndefined();
  });

  it('finishes a sign-up first: the recovery key must be confirmed', () => {
    expect(signedOutDestination({ status: 'signed-in', session: { ...ADA, recoveryKeyPending: true } }, '/drive')).toBe('/signup/recovery-key');
  });

  it('sends people who were never or no longer signed in to sign in, and back', () => {
    expect(signedOutDestination({ status: 'signed-out', reason: 'none' }, '/settings/sessions')).toBe('/login?next=%2Fsettings%2Fsessions');
    expect(signedOutDestination({ status: 'signed-out', reason: 'expired' }, '/drive')).toBe('/login?notice=expired&next=%2Fdrive');
    expect(signedOutDestination({ status: 'signed-out', reason: 'other-tab' }, '/drive')).toBe('/login?notice=other-tab&next=%2Fdrive');
  });

  it('does not send people back after they chose to leave', () => {
    expect(signedOutDestination({ status: 'signed-out', reason: 'signed-out' }, '/drive')).toBe('/login?notice=signed-out');
    expect(signedOutDestination({ status: 'signed-out', reason: 'signed-out-offline' }, '/drive')).toBe('/login?notice=signed-out-offline');
    expect(signedOutDestination({ status: 'signed-out', reason: 'signed-out-everywhere' }, '/drive')).toBe('/login?notice=signed-out-everywhere');
    expect(signedOutDestination({ status: 'signed-out', reason: 'deleted' }, '/settings/delete-account')).toBe('/login?notice=deleted');
  });
});

describe('noticeNamed', () => {
  it('knows every notice a destination can name, and nothing else', () => {
    for (const name of Object.keys(NOTICES)) expect(noticeNamed(name)).toBe(NOTICES[name as keyof typeof NOTICES]);
    for (const name of ['toString', '__proto__', 'none', '', undefined, ['expired']]) expect(noticeNamed(name)).toBeUndefined();
  });
});

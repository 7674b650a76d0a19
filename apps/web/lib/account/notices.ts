// Messages the sign-in page shows about why someone arrives there signed out. Carried in the
// address (`/login?notice=expired`) so that they survive the redirect that brings people there.
import { type SignedOutReason } from './account-store.ts';

/** A notice for the sign-in page. */
export interface Notice {
  tone: 'success' | 'info' | 'warning';
  text: string;
}

/** The notices, by the name used in the address. */
export const NOTICES = {
  'signed-out': { tone: 'success', text: 'You are signed out. Your keys have been removed from this browser.' },
  'signed-out-offline': {
    tone: 'warning',
    text: 'You are signed out on this browser, and your keys are gone from it, but the server could not be reached: the session stays in your list until it expires. End it from the Sessions page on another device.',
  },
  'signed-out-everywhere': { tone: 'success', text: 'You are signed out on every device.' },
  expired: { tone: 'info', text: 'Your session has ended: it expired, or was ended from another device. Sign in again.' },
  'other-tab': { tone: 'info', text: 'You signed out in another tab.' },
  deleted: { tone: 'success', text: 'Your account and everything stored in it have been deleted.' },
} as const satisfies Record<string, Notice>;

export type NoticeName = keyof typeof NOTICES;

/** The notice named in the address, if it is one. */
export function noticeNamed(name: string | string[] | undefined): Notice | undefined {
  return typeof name === 'string' && Object.hasOwn(NOTICES, name) ? NOTICES[name as NoticeName] : undefined;
}

/** The notice for a way of ending up signed out; none when nobody was signed in. */
export function noticeFor(reason: SignedOutReason): NoticeName | undefined {
  return reason === 'none' ? undefined : reason;
}

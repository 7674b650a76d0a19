// Where the signed-in pages send someone whose session is missing, or not finished.
import { type SessionState } from './account-store.ts';
import { noticeFor } from './notices.ts';

/**
 * Where a page of the signed-in area sends someone who is not (or no longer) signed in, or who
 * has not yet confirmed saving the recovery key; undefined to stay.
 */
export function signedOutDestination(session: SessionState, pathname: string): string | undefined {
  if (session.status === 'signed-in' && session.session.recoveryKeyPending) return '/signup/recovery-key';
  if (session.status !== 'signed-out') return undefined;
  const params = new URLSearchParams();
  const notice = noticeFor(session.reason);
  if (notice !== undefined) params.set('notice', notice);
  // Coming back after signing in makes sense when the session was lost, not when it was ended on purpose.
  if (session.reason === 'none' || session.reason === 'expired' || session.reason === 'other-tab') params.set('next', pathname);
  const query = params.toString();
  return query === '' ? '/login' : `/login?${query}`;
}

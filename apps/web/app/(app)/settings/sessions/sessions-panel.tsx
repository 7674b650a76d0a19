'use client';

import { type SessionView } from '@coffre/sdk/api-types';
import { Alert } from '@coffre/ui/alert';
import { PageHeading } from '@coffre/ui/app-shell';
import { Button } from '@coffre/ui/button';
import { FormActions } from '@coffre/ui/form';
import { Panel } from '@coffre/ui/panel';
import { useCallback, useEffect, useState } from 'react';
import { FormError } from '../../../../components/form-error.tsx';
import { useAccountAction } from '../../../../components/use-account-action.ts';
import { useAccountStore } from '../../../../lib/account/account-context.tsx';
import { describeUserAgent } from '../../../../lib/account/user-agent.ts';
import { TableHead } from '@coffre/ui/table';

const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function when(iso: string): string {
  return DATE_TIME.format(new Date(iso));
}

/** This device first, then the most recently active. */
function inDisplayOrder(sessions: SessionView[]): SessionView[] {
  return [...sessions].sort((a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt.localeCompare(a.lastSeenAt));
}

/** The account's sessions: where, from which address, since when; revoke one, or all. */
export function SessionsPanel() {
  const store = useAccountStore();
  const [sessions, setSessions] = useState<SessionView[] | undefined>(undefined);
  const [status, setStatus] = useState<string | undefined>(undefined);
  const [confirmingAll, setConfirmingAll] = useState(false);
  const load = useAccountAction('sessions', store.listSessions);
  const revoke = useAccountAction('sessions', store.revokeSession);
  const endAll = useAccountAction('sessions', store.logoutEverywhere);
  const { run: runLoad } = load;

  const refresh = useCallback(async () => {
    const outcome = await runLoad();
    if (outcome.ok) setSessions(inDisplayOrder(outcome.value));
  }, [runLoad]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  async function revokeOne(session: SessionView) {
    setStatus(undefined);
    const outcome = await revoke.run(session.id);
    await refresh();
    if (outcome.ok) setStatus(`The session on ${describeUserAgent(session.userAgent)} has ended.`);
  }

  return (
    <>
      <PageHeading
        title="Sessions"
        intro={<p>Every device and program signed in to your account. End any you do not recognise, then change your password.</p>}
      />
      <div aria-live="polite">{status === undefined ? null : <Alert tone="success">{status}</Alert>}</div>
      <FormError error={load.error ?? revoke.error} title="Sessions could not be updated" />
      {sessions === undefined ? (
        load.error === undefined ? (
          <p role="status">Loading your sessions…</p>
        ) : null
      ) : (
        <table className="coffre-table">
          <caption className="coffre-visually-hidden">Signed-in sessions, this device first</caption>
          <TableHead columns={['Device', 'IP address', 'Signed in', 'Last active', { hiddenLabel: 'Actions' }]} />
          <tbody>
            {sessions.map((session) => (
              <tr key={session.id} data-session-id={session.id}>
                <td>
                  {describeUserAgent(session.userAgent)}
                  {session.current ? (
                    <>
                      {' '}
                      <span className="coffre-badge">This device</span>
                    </>
                  ) : null}
                </td>
                <td>{session.ip ?? 'Unknown'}</td>
                <td>{when(session.createdAt)}</td>
                <td>{when(session.lastSeenAt)}</td>
                <td>
                  {session.current ? null : (
                    <Button
                      variant="quiet"
                      onClick={() => revokeOne(session)}
                      aria-disabled={revoke.busy ? true : undefined}
                      aria-label={`End session on ${describeUserAgent(session.userAgent)}, last active ${when(session.lastSeenAt)}`}
                    >
                      End session
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Panel title="Sign out everywhere" intro={<p>Ends every session, this one included. You will need your password to sign in again on each device.</p>}>
        <FormError error={endAll.error} title="Could not sign out everywhere" />
        {confirmingAll ? (
          <FormActions>
            <Button variant="danger" onClick={() => void endAll.run()} aria-disabled={endAll.busy ? true : undefined}>
              {endAll.busy ? 'Signing out everywhere…' : 'Yes, sign out everywhere'}
            </Button>
            <Button variant="secondary" onClick={() => setConfirmingAll(false)}>
              Cancel
            </Button>
          </FormActions>
        ) : (
          <Button variant="secondary" onClick={() => setConfirmingAll(true)}>
            Sign out everywhere…
          </Button>
        )}
      </Panel>
    </>
  );
}

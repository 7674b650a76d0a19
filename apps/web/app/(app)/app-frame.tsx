'use client';

import { Alert } from '@coffre/ui/alert';
import { AppShell } from '@coffre/ui/app-shell';
import { Button } from '@coffre/ui/button';
import { UsageMeter } from '@coffre/ui/meter';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { type ReactNode, useEffect, useState } from 'react';
import { useAccountStore, useSession } from '../../lib/account/account-context.tsx';
import { signedOutDestination } from '../../lib/account/destinations.ts';
import { onStorageChanged } from '../../lib/drive/storage-events.ts';
import { type AccountSummary } from '../../lib/worker/protocol.ts';

/** The signed-in navigation, in order. The drive's screens plug in under `/drive`. */
const NAVIGATION = [
  { href: '/drive', label: 'My drive' },
  { href: '/drive/trash', label: 'Trash' },
  { href: '/shared', label: 'Shared' },
  { href: '/settings/sessions', label: 'Sessions' },
  { href: '/settings/password', label: 'Password' },
  { href: '/settings/recovery-key', label: 'Recovery key' },
  { href: '/settings/delete-account', label: 'Delete account' },
] as const;

/** The navigation entry of `pathname`: the longest that matches (the trash is under the drive). */
function isCurrent(href: string, pathname: string): boolean {
  const matches = (candidate: string) => pathname === candidate || pathname.startsWith(`${candidate}/`);
  return matches(href) && !NAVIGATION.some((other) => other.href.length > href.length && matches(other.href));
}

/**
 * The signed-in frame: waits for the session (restored from this browser, or not), sends
 * anyone signed out to the sign-in page, and otherwise shows the navigation, the account and the
 * storage used around the page.
 */
export function AppFrame({ children }: { children: ReactNode }) {
  const session = useSession();
  const store = useAccountStore();
  const pathname = usePathname();
  const router = useRouter();
  const [account, setAccount] = useState<AccountSummary | undefined>(undefined);
  const [signingOut, setSigningOut] = useState(false);
  const accountId = session.status === 'signed-in' ? session.session.accountId : undefined;

  useEffect(() => {
    const destination = signedOutDestination(session, pathname);
    if (destination !== undefined) router.replace(destination);
  }, [session, pathname, router]);

  useEffect(() => {
    if (accountId === undefined) return;
    let cancelled = false;
    // Usage is a nicety: if it cannot be read, the frame simply goes without it.
    const read = () =>
      store.getAccount().then(
        (summary) => !cancelled && setAccount(summary),
        () => undefined,
      );
    void read();
    // Uploads and deletions change it: read it again then.
    const unsubscribe = onStorageChanged(() => void read());
    return () => {
      cancelled = true;
      unsubscribe();
    };
  }, [accountId, store]);

  if (session.status === 'failed') {
    return (
      <main id="main" className="coffre-task">
        <Alert tone="error" title="This page cannot open your drive">
          <p>{session.error.message}</p>
        </Alert>
      </main>
    );
  }
  if (session.status !== 'signed-in' || session.session.recoveryKeyPending) {
    return (
      <main id="main" className="coffre-task">
        <p role="status" className="coffre-loading">
          <span className="coffre-spinner" aria-hidden="true" /> Opening your drive…
        </p>
      </main>
    );
  }

  async function signOut() {
    setSigningOut(true);
    try {
      // The session state changes to signed out, and the effect above leaves for the sign-in page.
      await store.logout();
    } catch {
      // Signing out fails only when the session is already gone (the store then shows it signed
      // out, and the effect above leaves) or the worker died, which only a reload repairs.
    } finally {
      setSigningOut(false);
    }
  }

  return (
    <AppShell
      product="drive"
      name="Coffre"
      homeHref="/drive"
      navigationLabel="Drive and settings"
      navigation={NAVIGATION.map((link) => ({ ...link, current: isCurrent(link.href, pathname) }))}
      linkComponent={Link}
      account={
        <>
          <span className="coffre-app__email">{session.session.email}</span>
          <Button variant="secondary" onClick={signOut} aria-disabled={signingOut ? true : undefined}>
            {signingOut ? 'Signing out…' : 'Sign out'}
          </Button>
        </>
      }
      aside={account === undefined ? undefined : <UsageMeter usedBytes={account.usedBytes} quotaBytes={account.quotaBytes} />}
    >
      {children}
    </AppShell>
  );
}

import { type ReactNode } from 'react';
import { SiteShell } from '../site-shell.tsx';

/** Frame of the pages for signing in, signing up and recovering: one task each, centred. */
export default function AccountPagesLayout({ children }: { children: ReactNode }) {
  return (
    <SiteShell>
      <div className="coffre-task">{children}</div>
    </SiteShell>
  );
}

import { ButtonLink } from '@coffre/ui/button';
import { Hero } from '@coffre/ui/section';
import { SiteShell } from './site-shell.tsx';

/** Shown for any address the drive does not serve. */
export default function NotFound() {
  return (
    <SiteShell>
      <Hero
        title="Nothing here"
        lead={<p>This address does not lead to a page of Coffre.</p>}
        actions={<ButtonLink href="/">Back to the home page</ButtonLink>}
      />
    </SiteShell>
  );
}

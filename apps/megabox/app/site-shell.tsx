import { ButtonLink } from '@coffre/ui/button';
import { Shell } from '@coffre/ui/shell';
import { type ReactNode } from 'react';

/** Sections of the landing page, linked from the header of every page. */
const NAVIGATION = [
  { href: '/#artists', label: 'For artists' },
  { href: '/#listeners', label: 'For listeners' },
  { href: '/#what-we-see', label: 'What we can see' },
];

/** Where the sign-in and sign-up buttons lead until the store opens. */
export const GET_STARTED_HREF = '/#get-started';

/** MegaBox's frame: brand, navigation, account entry points and footer. */
export function SiteShell({ children }: { children: ReactNode }) {
  return (
    <Shell
      product="megabox"
      name="MegaBox"
      navigation={NAVIGATION}
      actions={
        <>
          <ButtonLink href={GET_STARTED_HREF} variant="secondary" note="coming soon">
            Sign in
          </ButtonLink>
          <ButtonLink href={GET_STARTED_HREF} note="coming soon">
            Create account
          </ButtonLink>
        </>
      }
      footer={
        <p>
          MegaBox, the music store of Coffre, the end-to-end encrypted cloud. This site loads nothing from anyone else:
          no fonts, no analytics, no trackers.
        </p>
      }
    >
      {children}
    </Shell>
  );
}

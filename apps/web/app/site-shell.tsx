import { ButtonLink } from '@coffre/ui/button';
import { Shell } from '@coffre/ui/shell';
import { type ReactNode } from 'react';

/** Sections of the landing page, linked from the header of every page. */
const NAVIGATION = [
  { href: '/#how-it-works', label: 'How it works' },
  { href: '/#who-it-is-for', label: 'Who it is for' },
  { href: '/#what-we-see', label: 'What we can see' },
];

/** Where people sign in and create accounts. */
export const LOGIN_HREF = '/login';
export const SIGNUP_HREF = '/signup';

/** The drive's public frame: brand, navigation, account entry points and footer. */
export function SiteShell({ children }: { children: ReactNode }) {
  return (
    <Shell
      product="drive"
      name="Coffre"
      navigation={NAVIGATION}
      actions={
        <>
          <ButtonLink href={LOGIN_HREF} variant="secondary">
            Sign in
          </ButtonLink>
          <ButtonLink href={SIGNUP_HREF}>Create account</ButtonLink>
        </>
      }
      footer={
        <p>
          Coffre, the end-to-end encrypted cloud. This site loads nothing from anyone else: no fonts, no analytics, no
          trackers.
        </p>
      }
    >
      {children}
    </Shell>
  );
}

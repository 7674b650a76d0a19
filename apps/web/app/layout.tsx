import '@coffre/ui/styles.css';
import { type Metadata } from 'next';
import { connection } from 'next/server';
import { type ReactNode } from 'react';
import { TrustedTypesPolicy } from '../components/trusted-types-policy.tsx';
import { AccountProvider } from '../lib/account/account-context.tsx';
import { webConfig } from '../lib/server/web-config.ts';

export const metadata: Metadata = {
  title: {
    default: 'Coffre: the end-to-end encrypted cloud drive',
    template: '%s · Coffre',
  },
  description:
    'Files, file names and keys encrypted on your device, copies kept in several jurisdictions, and a recovery key only you hold.',
};

/** Root layout of the drive. */
export default async function RootLayout({ children }: { children: ReactNode }) {
  // Render every page per request: Next.js can only stamp the proxy's fresh CSP nonce on its
  // scripts at request time, and a prerendered page would carry none and never hydrate.
  await connection();
  return (
    <html lang="en">
      <body>
        <TrustedTypesPolicy />
        <AccountProvider apiUrl={webConfig().apiUrl}>{children}</AccountProvider>
      </body>
    </html>
  );
}

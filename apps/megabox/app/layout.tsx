import '@coffre/ui/styles.css';
import { type Metadata } from 'next';
import { connection } from 'next/server';
import { type ReactNode } from 'react';

export const metadata: Metadata = {
  title: 'MegaBox: music that pays the people who made it',
  description:
    'A music store on Coffre: artists publish encrypted tracks, listeners stream and buy them, payments go straight to the artists, and purchases are DRM-free for good.',
};

/** Root layout of MegaBox. */
export default async function RootLayout({ children }: { children: ReactNode }) {
  // Render every page per request: Next.js can only stamp the proxy's fresh CSP nonce on its
  // scripts at request time, and a prerendered page would carry none and never hydrate.
  await connection();
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}

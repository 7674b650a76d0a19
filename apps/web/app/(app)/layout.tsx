import { type ReactNode } from 'react';
import { AppFrame } from './app-frame.tsx';

/** Frame of the signed-in pages: the drive and the account settings. */
export default function SignedInLayout({ children }: { children: ReactNode }) {
  return <AppFrame>{children}</AppFrame>;
}

import { type Metadata } from 'next';
import { SessionsPanel } from './sessions-panel.tsx';

export const metadata: Metadata = { title: 'Sessions' };

/** `/settings/sessions`: every signed-in device, with a way to end each. */
export default function SessionsPage() {
  return <SessionsPanel />;
}

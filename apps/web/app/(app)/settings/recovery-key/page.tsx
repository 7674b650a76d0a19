import { type Metadata } from 'next';
import { RecoveryKeySettings } from './recovery-key-settings.tsx';

export const metadata: Metadata = { title: 'Recovery key' };

/** `/settings/recovery-key`: see the recovery key again, or replace it, proving the password. */
export default function RecoveryKeySettingsPage() {
  return <RecoveryKeySettings />;
}

import { type Metadata } from 'next';
import { RecoveryKeyStep } from './recovery-key-step.tsx';

export const metadata: Metadata = { title: 'Save your recovery key' };

/** `/signup/recovery-key`: the new account's recovery key, shown until its owner confirms saving it. */
export default function RecoveryKeyPage() {
  return <RecoveryKeyStep />;
}

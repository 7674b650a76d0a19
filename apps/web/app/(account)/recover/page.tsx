import { type Metadata } from 'next';
import { RecoverForm } from './recover-form.tsx';

export const metadata: Metadata = { title: 'Recover your account' };

/** `/recover`: a new password, set with the recovery key. */
export default function RecoverPage() {
  return <RecoverForm />;
}

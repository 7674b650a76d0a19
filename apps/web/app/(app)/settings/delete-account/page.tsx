import { type Metadata } from 'next';
import { DeleteAccountForm } from './delete-account-form.tsx';

export const metadata: Metadata = { title: 'Delete account' };

/** `/settings/delete-account`: delete the account and everything in it, with the password. */
export default function DeleteAccountPage() {
  return <DeleteAccountForm />;
}

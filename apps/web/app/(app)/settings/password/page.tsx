import { type Metadata } from 'next';
import { ChangePasswordForm } from './change-password-form.tsx';

export const metadata: Metadata = { title: 'Password' };

/** `/settings/password`: change the password, proving the current one. */
export default function PasswordPage() {
  return <ChangePasswordForm />;
}

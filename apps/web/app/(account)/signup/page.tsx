import { type Metadata } from 'next';
import { SignupForm } from './signup-form.tsx';

export const metadata: Metadata = { title: 'Create an account' };

/** `/signup`: a new account; the next step shows its recovery key. */
export default function SignupPage() {
  return <SignupForm />;
}

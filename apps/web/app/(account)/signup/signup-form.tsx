'use client';

import { FormActions, FormStack, SubmitButton, TextField } from '@coffre/ui/form';
import { Panel } from '@coffre/ui/panel';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type FormEvent, useEffect, useState } from 'react';
import { FormError } from '../../../components/form-error.tsx';
import { checkNewPassword, NewPasswordFields } from '../../../components/new-password-fields.tsx';
import { useAccountAction } from '../../../components/use-account-action.ts';
import { useAccountStore, useSession } from '../../../lib/account/account-context.tsx';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Creating an account: email and password here, the recovery key on the next page. */
export function SignupForm() {
  const store = useAccountStore();
  const session = useSession();
  const router = useRouter();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [errors, setErrors] = useState<{ email?: string; password?: string; confirmation?: string }>({});
  const signup = useAccountAction('signup', store.signup);

  useEffect(() => {
    if (session.status !== 'signed-in') return;
    router.replace(session.session.recoveryKeyPending ? '/signup/recovery-key' : '/drive');
  }, [session, router]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problems = {
      ...(!EMAIL.test(email.trim()) && { email: 'Enter an email address, such as ada@example.org.' }),
      ...checkNewPassword(password, confirmation, email),
    };
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    // On success the session changes and the effect above moves on to the recovery key.
    await signup.run(email, password);
  }

  return (
    <Panel
      title="Create your account"
      headingLevel={1}
      width="narrow"
      intro={
        <p>
          Your password stays in this browser. It unlocks keys that are created here, and the server never learns it.
        </p>
      }
    >
      <FormError error={signup.error} title="Could not create the account" />
      <form onSubmit={submit} noValidate aria-label="Create your account">
        <FormStack>
          <TextField
            id="signup-email"
            name="email"
            type="email"
            label="Email"
            autoComplete="username"
            inputMode="email"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            error={errors.email}
          />
          <NewPasswordFields
            id="signup"
            password={password}
            confirmation={confirmation}
            onPasswordChange={setPassword}
            onConfirmationChange={setConfirmation}
            email={email}
            errors={errors}
          />
          <FormActions>
            <SubmitButton busy={signup.busy} busyLabel="Creating your keys…">
              Create account
            </SubmitButton>
          </FormActions>
          <p>
            Already have an account? <Link href="/login">Sign in</Link>
          </p>
        </FormStack>
      </form>
    </Panel>
  );
}

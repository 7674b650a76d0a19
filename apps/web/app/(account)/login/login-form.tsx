'use client';

import { Alert } from '@coffre/ui/alert';
import { FormActions, FormStack, SubmitButton, TextField } from '@coffre/ui/form';
import { Panel } from '@coffre/ui/panel';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type FormEvent, useEffect, useState } from 'react';
import { FormError } from '../../../components/form-error.tsx';
import { useAccountAction } from '../../../components/use-account-action.ts';
import { useAccountStore, useSession } from '../../../lib/account/account-context.tsx';
import { type Notice } from '../../../lib/account/notices.ts';

/** The sign-in form. Already signed in, it goes straight on to `next`. */
export function LoginForm({ next, notice }: { next: string; notice: Notice | undefined }) {
  const store = useAccountStore();
  const session = useSession();
  const router = useRouter();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<{ email?: string; password?: string }>({});
  const login = useAccountAction('login', store.login);

  useEffect(() => {
    if (session.status === 'signed-in') router.replace(next);
  }, [session, next, router]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problems = {
      ...(email.trim() === '' && { email: 'Enter your email address.' }),
      ...(password === '' && { password: 'Enter your password.' }),
    };
    setMissing(problems);
    if (Object.keys(problems).length > 0) return;
    // On success the session changes and the effect above moves on.
    const outcome = await login.run(email, password);
    if (!outcome.ok) setPassword('');
  }

  return (
    <Panel title="Sign in" headingLevel={1} width="narrow">
      {notice === undefined ? null : <Alert tone={notice.tone}>{notice.text}</Alert>}
      {session.status === 'failed' ? <FormError error={{ message: session.error.message, reference: undefined }} /> : null}
      <FormError error={login.error} title="Could not sign in" />
      <form onSubmit={submit} noValidate aria-label="Sign in">
        <FormStack>
          <TextField
            id="login-email"
            name="email"
            type="email"
            label="Email"
            autoComplete="username"
            inputMode="email"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            error={missing.email}
          />
          <TextField
            id="login-password"
            name="password"
            type="password"
            label="Password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            error={missing.password}
          />
          <FormActions>
            <SubmitButton busy={login.busy} busyLabel="Signing in…">
              Sign in
            </SubmitButton>
            <Link href="/recover">Forgot your password?</Link>
          </FormActions>
          <p>
            New to Coffre? <Link href="/signup">Create an account</Link>
          </p>
        </FormStack>
      </form>
    </Panel>
  );
}

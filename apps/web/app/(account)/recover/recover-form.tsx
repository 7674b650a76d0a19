'use client';

import { FormActions, FormStack, SubmitButton, TextField } from '@coffre/ui/form';
import { Panel } from '@coffre/ui/panel';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { FormError } from '../../../components/form-error.tsx';
import { checkNewPassword, NewPasswordFields } from '../../../components/new-password-fields.tsx';
import { useAccountAction } from '../../../components/use-account-action.ts';
import { useAccountStore } from '../../../lib/account/account-context.tsx';

/**
 * Account recovery: the recovery key unlocks the account's keys in this browser, a new password
 * replaces the forgotten one, and every other session ends.
 */
export function RecoverForm() {
  const store = useAccountStore();
  const router = useRouter();
  const [email, setEmail] = useState('');
  const [recoveryKey, setRecoveryKey] = useState('');
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [errors, setErrors] = useState<{ email?: string; recoveryKey?: string; password?: string; confirmation?: string }>({});
  const recover = useAccountAction('recover', store.recoverAccount);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problems = {
      ...(email.trim() === '' && { email: 'Enter the email address of the account.' }),
      ...(recoveryKey.trim() === '' && { recoveryKey: 'Enter the recovery key you saved when you created the account.' }),
      ...checkNewPassword(password, confirmation, email),
    };
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    const outcome = await recover.run(email, recoveryKey, password);
    if (outcome.ok) router.replace('/drive?notice=recovered');
  }

  return (
    <Panel
      title="Recover your account"
      headingLevel={1}
      width="narrow"
      intro={
        <p>
          Forgot your password? Your recovery key opens your account in this browser, and you choose a new password.
          Every other device will be signed out.
        </p>
      }
    >
      <FormError error={recover.error} title="Could not recover the account" />
      <form onSubmit={submit} noValidate aria-label="Recover your account">
        <FormStack>
          <TextField
            id="recover-email"
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
          <TextField
            id="recover-key"
            name="recovery-key"
            label="Recovery key"
            hint={<p>8 groups of 5 letters and digits, such as 7K3M9-QW2XE-…; case and dashes do not matter.</p>}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            required
            value={recoveryKey}
            onChange={(event) => setRecoveryKey(event.target.value)}
            error={errors.recoveryKey}
          />
          <NewPasswordFields
            id="recover"
            label="New password"
            password={password}
            confirmation={confirmation}
            onPasswordChange={setPassword}
            onConfirmationChange={setConfirmation}
            email={email}
            errors={errors}
          />
          <FormActions>
            <SubmitButton busy={recover.busy} busyLabel="Recovering your account…">
              Recover and set the new password
            </SubmitButton>
            <Link href="/login">Back to sign in</Link>
          </FormActions>
        </FormStack>
      </form>
    </Panel>
  );
}

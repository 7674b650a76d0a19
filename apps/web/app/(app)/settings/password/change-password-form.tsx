'use client';

import { Alert } from '@coffre/ui/alert';
import { PageHeading } from '@coffre/ui/app-shell';
import { FormActions, FormStack, SubmitButton, TextField } from '@coffre/ui/form';
import { Panel } from '@coffre/ui/panel';
import { type FormEvent, useState } from 'react';
import { FormError } from '../../../../components/form-error.tsx';
import { checkNewPassword, NewPasswordFields } from '../../../../components/new-password-fields.tsx';
import { useAccountAction } from '../../../../components/use-account-action.ts';
import { useAccountStore, useSession } from '../../../../lib/account/account-context.tsx';

/**
 * Changing the password: the current one is proven afresh (OPAQUE), the new one registered, and
 * the account's root key rewrapped under it, all in the worker. Other sessions end.
 */
export function ChangePasswordForm() {
  const store = useAccountStore();
  const session = useSession();
  const email = session.status === 'signed-in' ? session.session.email : undefined;
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [errors, setErrors] = useState<{ current?: string; password?: string; confirmation?: string }>({});
  const [changed, setChanged] = useState(false);
  const change = useAccountAction('change-password', store.changePassword);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setChanged(false);
    const problems = {
      ...(current === '' && { current: 'Enter your current password.' }),
      ...checkNewPassword(password, confirmation, email),
      ...(current !== '' && password === current && { password: 'The new password must differ from the current one.' }),
    };
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    const outcome = await change.run(current, password);
    setCurrent('');
    if (!outcome.ok) return;
    setPassword('');
    setConfirmation('');
    setChanged(true);
  }

  return (
    <>
      <PageHeading title="Password" intro={<p>Your password never leaves this browser; changing it re-encrypts your account key here.</p>} />
      <div aria-live="polite">
        {changed ? (
          <Alert tone="success" title="Password changed">
            <p>Use the new password from now on. Every other device has been signed out; this one stays signed in.</p>
          </Alert>
        ) : null}
      </div>
      <Panel title="Change your password" width="narrow">
        <FormError error={change.error} title="The password was not changed" />
        <form onSubmit={submit} noValidate aria-label="Change your password">
          {/* Lets password managers tell which account the new password is for. */}
          <input type="email" name="username" autoComplete="username" value={email ?? ''} readOnly hidden />
          <FormStack>
            <TextField
              id="password-current"
              name="current-password"
              type="password"
              label="Current password"
              autoComplete="current-password"
              required
              value={current}
              onChange={(event) => setCurrent(event.target.value)}
              error={errors.current}
            />
            <NewPasswordFields
              id="password-new"
              label="New password"
              password={password}
              confirmation={confirmation}
              onPasswordChange={setPassword}
              onConfirmationChange={setConfirmation}
              email={email}
              errors={errors}
            />
            <FormActions>
              <SubmitButton busy={change.busy} busyLabel="Changing your password…">
                Change password
              </SubmitButton>
            </FormActions>
          </FormStack>
        </form>
      </Panel>
    </>
  );
}

'use client';

import { PageHeading } from '@coffre/ui/app-shell';
import { CheckboxField, FormActions, FormStack, SubmitButton, TextField } from '@coffre/ui/form';
import { Panel } from '@coffre/ui/panel';
import { type FormEvent, useState } from 'react';
import { FormError } from '../../../../components/form-error.tsx';
import { useAccountAction } from '../../../../components/use-account-action.ts';
import { useAccountStore, useSession } from '../../../../lib/account/account-context.tsx';

/** Deleting the account: the password and an explicit acknowledgement, then it is gone. */
export function DeleteAccountForm() {
  const store = useAccountStore();
  const session = useSession();
  const email = session.status === 'signed-in' ? session.session.email : undefined;
  const [password, setPassword] = useState('');
  const [understood, setUnderstood] = useState(false);
  const [errors, setErrors] = useState<{ password?: string }>({});
  const remove = useAccountAction('delete-account', store.deleteAccount);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!understood) {
      remove.fail('Tick the box to confirm that you understand the account cannot be restored.');
      return;
    }
    const problems = password === '' ? { password: 'Enter your password.' } : {};
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    // On success the session ends, and the signed-in frame leaves for the sign-in page.
    const outcome = await remove.run(password);
    if (!outcome.ok) setPassword('');
  }

  return (
    <>
      <PageHeading title="Delete account" />
      <Panel
        title="Delete your account and everything in it"
        tone="danger"
        width="narrow"
        intro={
          <p>
            Your files, folders, links and shares are deleted, every device is signed out, and the account{email === undefined ? '' : ` ${email}`}{' '}
            stops existing. Nobody can undo this, not even with the recovery key.
          </p>
        }
      >
        <FormError error={remove.error} title="The account was not deleted" />
        <form onSubmit={submit} noValidate aria-label="Delete your account">
          <input type="email" name="username" autoComplete="username" value={email ?? ''} readOnly hidden />
          <FormStack>
            <TextField
              id="delete-password"
              name="password"
              type="password"
              label="Password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              error={errors.password}
            />
            <CheckboxField
              id="delete-understood"
              name="understood"
              checked={understood}
              onChange={(event) => setUnderstood(event.target.checked)}
              label="I understand that my account and all my files will be deleted for good."
            />
            <FormActions>
              <SubmitButton variant="danger" busy={remove.busy} busyLabel="Deleting your account…">
                Delete my account
              </SubmitButton>
            </FormActions>
          </FormStack>
        </form>
      </Panel>
    </>
  );
}

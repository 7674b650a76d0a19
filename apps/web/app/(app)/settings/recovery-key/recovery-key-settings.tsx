'use client';

import { Alert } from '@coffre/ui/alert';
import { PageHeading } from '@coffre/ui/app-shell';
import { Button } from '@coffre/ui/button';
import { CheckboxField, FormActions, FormStack, SubmitButton, TextField } from '@coffre/ui/form';
import { Panel } from '@coffre/ui/panel';
import { type FormEvent, useState } from 'react';
import { FormError } from '../../../../components/form-error.tsx';
import { useAccountAction } from '../../../../components/use-account-action.ts';
import { useAccountStore, useSession } from '../../../../lib/account/account-context.tsx';
import { AccountError } from '../../../../lib/worker/errors.ts';
import { recoveryKeyFile } from '../../../(account)/signup/recovery-key/recovery-key-file.ts';

type Shown = { key: string; renewed: boolean };

/**
 * The recovery key, again. The server keeps it only sealed under the account's root key (an
 * escrow, docs/crypto.md); the worker opens it after a fresh proof of the password and checks it
 * against the account's recovery wrap before it is shown. Accounts from before the escrow, or
 * anyone whose key may have been seen, generate a new one, which makes the old one useless.
 */
export function RecoveryKeySettings() {
  const store = useAccountStore();
  const session = useSession();
  const email = session.status === 'signed-in' ? session.session.email : undefined;
  const [password, setPassword] = useState('');
  const [renewPassword, setRenewPassword] = useState('');
  const [understood, setUnderstood] = useState(false);
  const [errors, setErrors] = useState<{ password?: string; renewPassword?: string }>({});
  const [shown, setShown] = useState<Shown | undefined>(undefined);
  const [noCopy, setNoCopy] = useState(false);
  const [status, setStatus] = useState<string | undefined>(undefined);
  // An account without a stored copy is a state of the page, not a failure to report.
  const reveal = useAccountAction('recovery-key', async (typed: string): Promise<string | undefined> => {
    try {
      return await store.revealRecoveryKey(typed);
    } catch (error) {
      if (error instanceof AccountError && error.code === 'NOT_FOUND') return undefined;
      throw error;
    }
  });
  const renew = useAccountAction('recovery-key', store.renewRecoveryKey);

  async function submitReveal(event: FormEvent) {
    event.preventDefault();
    setShown(undefined);
    setStatus(undefined);
    setErrors(password === '' ? { password: 'Enter your password.' } : {});
    if (password === '') return;
    const outcome = await reveal.run(password);
    setPassword('');
    if (!outcome.ok) return;
    if (outcome.value === undefined) setNoCopy(true);
    else setShown({ key: outcome.value, renewed: false });
  }

  async function submitRenew(event: FormEvent) {
    event.preventDefault();
    setShown(undefined);
    setStatus(undefined);
    const problems = {
      ...(renewPassword === '' && { renewPassword: 'Enter your password.' }),
    };
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    if (!understood) {
      renew.fail('Confirm that you understand your current recovery key will stop working.');
      return;
    }
    const outcome = await renew.run(renewPassword);
    setRenewPassword('');
    if (!outcome.ok) return;
    setUnderstood(false);
    setNoCopy(false);
    setShown({ key: outcome.value, renewed: true });
  }

  async function copy(key: string) {
    try {
      await navigator.clipboard.writeText(key);
      setStatus('Copied to the clipboard. Paste it somewhere safe, then clear the clipboard.');
    } catch {
      setStatus('This browser did not allow copying. Select the key and copy it, or download it as a file.');
    }
  }

  function download(key: string) {
    if (email === undefined) return;
    const url = URL.createObjectURL(new Blob([recoveryKeyFile(key, email, new Date())], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'coffre-recovery-key.txt';
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
    setStatus('Downloaded as coffre-recovery-key.txt. Move the file somewhere safe, off this computer if you can.');
  }

  return (
    <>
      <PageHeading
        title="Recovery key"
        intro={<p>Your recovery key restores your account if you forget your password. Coffre keeps a copy that only your signed-in browser can open.</p>}
      />
      {shown === undefined ? null : (
        <Panel title={shown.renewed ? 'Your new recovery key' : 'Your recovery key'} width="narrow">
          {shown.renewed ? (
            <Alert tone="warning" title="Your old recovery key no longer works">
              <p>Save this new key now, and destroy any copy of the old one.</p>
            </Alert>
          ) : null}
          <p className="coffre-secret" id="recovery-key">
            {shown.key}
          </p>
          <FormActions>
            <Button variant="secondary" onClick={() => void copy(shown.key)}>
              Copy
            </Button>
            <Button variant="secondary" onClick={() => download(shown.key)}>
              Download as a text file
            </Button>
            <Button variant="quiet" onClick={() => setShown(undefined)}>
              Hide
            </Button>
          </FormActions>
          <div aria-live="polite">{status === undefined ? null : <Alert tone="info">{status}</Alert>}</div>
        </Panel>
      )}
      {shown !== undefined ? null : (
        <Panel title="Show your recovery key" width="narrow" intro={<p>Enter your password to see your recovery key again.</p>}>
          <FormError error={reveal.error} title="The recovery key cannot be shown" />
          {noCopy ? (
            <Alert tone="info" title="No stored copy">
              <p>
                This account was created before Coffre kept a copy of recovery keys, so it cannot be shown. Generate a new recovery
                key below; the one you were given at sign-up then stops working.
              </p>
            </Alert>
          ) : null}
          <form onSubmit={submitReveal} noValidate aria-label="Show your recovery key">
            <input type="email" name="username" autoComplete="username" value={email ?? ''} readOnly hidden />
            <FormStack>
              <TextField
                id="recovery-key-password"
                name="current-password"
                type="password"
                label="Password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(event) => setPassword(event.target.value)}
                error={errors.password}
              />
              <FormActions>
                <SubmitButton busy={reveal.busy} busyLabel="Checking your password…">
                  Show recovery key
                </SubmitButton>
              </FormActions>
            </FormStack>
          </form>
        </Panel>
      )}
      <Panel
        title="Generate a new recovery key"
        tone="danger"
        width="narrow"
        intro={<p>If your key may have been seen by someone else, or you lost it, replace it. The current key stops working at once.</p>}
      >
        <FormError error={renew.error} title="No new recovery key was made" />
        <form onSubmit={submitRenew} noValidate aria-label="Generate a new recovery key">
          <FormStack>
            <TextField
              id="recovery-key-renew-password"
              name="current-password"
              type="password"
              label="Password"
              autoComplete="current-password"
              required
              value={renewPassword}
              onChange={(event) => setRenewPassword(event.target.value)}
              error={errors.renewPassword}
            />
            <CheckboxField
              id="recovery-key-renew-understood"
              checked={understood}
              onChange={(event) => setUnderstood(event.target.checked)}
              label="I understand that my current recovery key will stop working."
            />
            <FormActions>
              <SubmitButton variant="danger" busy={renew.busy} busyLabel="Generating a new key…">
                Generate a new recovery key
              </SubmitButton>
            </FormActions>
          </FormStack>
        </form>
      </Panel>
    </>
  );
}

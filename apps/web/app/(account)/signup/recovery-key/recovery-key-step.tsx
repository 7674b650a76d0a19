'use client';

import { Alert } from '@coffre/ui/alert';
import { Button } from '@coffre/ui/button';
import { CheckboxField, FormActions, FormStack, SubmitButton } from '@coffre/ui/form';
import { Panel } from '@coffre/ui/panel';
import { useRouter } from 'next/navigation';
import { type FormEvent, useEffect, useState } from 'react';
import { FormError } from '../../../../components/form-error.tsx';
import { useAccountAction } from '../../../../components/use-account-action.ts';
import { useAccountStore, useSession } from '../../../../lib/account/account-context.tsx';
import { errorText, type ErrorText } from '../../../../lib/account/error-text.ts';
import { recoveryKeyFile } from './recovery-key-file.ts';

/**
 * Shows the recovery key of the account just created, with ways to keep it, and lets the person
 * continue only once they confirm they saved it. Until then the worker keeps the key (wrapped,
 * like the account keys), so a reload shows it again rather than losing it.
 */
export function RecoveryKeyStep() {
  const store = useAccountStore();
  const session = useSession();
  const router = useRouter();
  const [recoveryKey, setRecoveryKey] = useState<string | undefined>(undefined);
  const [loadError, setLoadError] = useState<ErrorText | undefined>(undefined);
  const [saved, setSaved] = useState(false);
  const [status, setStatus] = useState<string | undefined>(undefined);
  const confirm = useAccountAction('signup', store.confirmRecoveryKey);
  const pending = session.status === 'signed-in' && session.session.recoveryKeyPending;

  useEffect(() => {
    if (session.status === 'signed-out') router.replace('/signup');
    else if (session.status === 'signed-in' && !session.session.recoveryKeyPending) router.replace('/drive');
  }, [session, router]);

  useEffect(() => {
    if (!pending) return;
    let cancelled = false;
    store.pendingRecoveryKey().then(
      (key) => !cancelled && setRecoveryKey(key),
      (error: unknown) => !cancelled && setLoadError(errorText(error, 'account')),
    );
    return () => {
      cancelled = true;
    };
  }, [pending, store]);

  async function copy() {
    if (recoveryKey === undefined) return;
    try {
      await navigator.clipboard.writeText(recoveryKey);
      setStatus('Copied to the clipboard. Paste it somewhere safe, then clear the clipboard.');
    } catch {
      setStatus('This browser did not allow copying. Select the key and copy it, or download it as a file.');
    }
  }

  function download() {
    if (recoveryKey === undefined || session.status !== 'signed-in') return;
    const url = URL.createObjectURL(new Blob([recoveryKeyFile(recoveryKey, session.session.email, new Date())], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'coffre-recovery-key.txt';
    link.click();
    // The click has started the download; the object URL is not needed after this task.
    setTimeout(() => URL.revokeObjectURL(url), 0);
    setStatus('Downloaded as coffre-recovery-key.txt. Move the file somewhere safe, off this computer if you can.');
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!saved) {
      confirm.fail('Confirm that you saved your recovery key before you continue: without it, a forgotten password means a lost account.');
      return;
    }
    // On success the session is no longer pending and the effect above moves on to the drive.
    await confirm.run();
  }

  return (
    <Panel
      title="Save your recovery key"
      headingLevel={1}
      width="narrow"
      intro={
        <p>
          If you forget your password, this key is the only way back into your account: Coffre never holds your keys,
          so nobody here can reset it for you. Save it now; later, Settings can show it again after you enter your password.
        </p>
      }
    >
      <FormError error={loadError} title="The recovery key cannot be shown" />
      {recoveryKey === undefined ? (
        loadError === undefined ? (
          <p role="status">Loading your recovery key…</p>
        ) : null
      ) : (
        <>
          <h2 className="coffre-secret__label">Your recovery key</h2>
          <p className="coffre-secret" id="recovery-key">
            {recoveryKey}
          </p>
          <FormActions>
            <Button variant="secondary" onClick={copy}>
              Copy
            </Button>
            <Button variant="secondary" onClick={download}>
              Download as a text file
            </Button>
          </FormActions>
          <div aria-live="polite">
            {status === undefined ? null : <Alert tone="info">{status}</Alert>}
          </div>
          <p>
            Keep it offline and private: print it, write it down, or keep the file on a USB key. Anyone who has it and
            your email address can take over your account.
          </p>
          <FormError error={confirm.error} title="Not yet" />
          <form onSubmit={submit} noValidate aria-label="Confirm you saved the recovery key">
            <FormStack>
              <CheckboxField
                id="recovery-key-saved"
                name="saved"
                checked={saved}
                onChange={(event) => setSaved(event.target.checked)}
                label="I have saved my recovery key somewhere safe."
              />
              <FormActions>
                <SubmitButton busy={confirm.busy} busyLabel="Continuing…">
                  Continue to my drive
                </SubmitButton>
              </FormActions>
            </FormStack>
          </form>
        </>
      )}
    </Panel>
  );
}

'use client';

import { Alert } from '@coffre/ui/alert';
import { Button } from '@coffre/ui/button';
import { FormActions, FormStack, SubmitButton, TextField } from '@coffre/ui/form';
import { type FormEvent, useState } from 'react';
import { useAccountStore } from '../../lib/account/account-context.tsx';
import { type NodeSummary } from '../../lib/worker/protocol.ts';
import { FormError } from '../form-error.tsx';
import { useAccountAction } from '../use-account-action.ts';
import { linkRequest } from './link-request.ts';

/**
 * Creates a link to `node`: optional expiry, download limit and password. The URL, whose part
 * after `#` is the key, is shown once with a copy button: Coffre's server never sees that part.
 */
export function LinkForm({ node, onCreated }: { node: NodeSummary; onCreated?: () => void }) {
  const store = useAccountStore();
  const [expiry, setExpiry] = useState('');
  const [limit, setLimit] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ expiry?: string; limit?: string }>({});
  const [url, setUrl] = useState<string | undefined>(undefined);
  const [copied, setCopied] = useState(false);
  const create = useAccountAction('sharing', (params: Parameters<typeof store.call<'createLink'>>[1]) => store.call('createLink', params));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const checked = linkRequest(node.id, { expiry, limit, password }, new Date());
    setErrors(checked.errors);
    if (checked.request === undefined) return;
    const outcome = await create.run(checked.request);
    if (!outcome.ok) return;
    setPassword('');
    setCopied(false);
    setUrl(outcome.value.url);
    onCreated?.();
  }

  async function copy() {
    if (url === undefined) return;
    await navigator.clipboard.writeText(url);
    setCopied(true);
  }

  return (
    <>
      <FormError error={create.error} title="The link was not created" />
      {url === undefined ? null : (
        <Alert tone="success" title="Link created">
          <p>
            Anyone with this link can open “{node.name}”. The key is the part after <code>#</code>, which never reaches Coffre’s
            server; it is shown only now.
          </p>
          <TextField id="share-link-url" label="Link to share" value={url} readOnly onFocus={(event) => event.target.select()} />
          <FormActions>
            <Button variant="secondary" onClick={() => void copy()}>
              Copy link
            </Button>
            <span role="status">{copied ? 'Copied.' : ''}</span>
          </FormActions>
        </Alert>
      )}
      <form onSubmit={submit} noValidate aria-label={`Create a link to ${node.name}`}>
        <FormStack>
          <TextField
            id="share-link-expiry"
            type="date"
            label="Expires on (optional)"
            hint="The link stops working at the end of this day."
            value={expiry}
            onChange={(event) => setExpiry(event.target.value)}
            error={errors.expiry}
          />
          <TextField
            id="share-link-limit"
            type="number"
            inputMode="numeric"
            min={1}
            label="Download limit (optional)"
            hint="How many times the link can be opened. 1 means exactly once."
            value={limit}
            onChange={(event) => setLimit(event.target.value)}
            error={errors.limit}
          />
          <TextField
            id="share-link-password"
            type="password"
            autoComplete="new-password"
            label="Password (optional)"
            hint="Send it separately from the link."
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
          <FormActions>
            <SubmitButton busy={create.busy} busyLabel="Creating the link…">
              Create link
            </SubmitButton>
          </FormActions>
        </FormStack>
      </form>
    </>
  );
}

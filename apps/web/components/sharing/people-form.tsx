'use client';

import { Alert } from '@coffre/ui/alert';
import { Button } from '@coffre/ui/button';
import { CheckboxField, FormActions, FormStack, SubmitButton, TextField } from '@coffre/ui/form';
import { type FormEvent, useState } from 'react';
import { useAccountStore } from '../../lib/account/account-context.tsx';
import { type ContactCheck, type NodeSummary, type ShareSummary } from '../../lib/worker/protocol.ts';
import { FormError } from '../form-error.tsx';
import { useAccountAction } from '../use-account-action.ts';

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Shares a folder with another account, in two steps: first the recipient's keys are fetched and
 * checked against this browser's pin, and their fingerprint shown; only then can the folder be
 * shared. Keys that changed since they were pinned are refused until the person confirms they
 * compared the new fingerprint with the recipient through another channel.
 */
export function PeopleForm({ node, onShared }: { node: NodeSummary; onShared?: (share: ShareSummary) => void }) {
  const store = useAccountStore();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<'read' | 'write'>('read');
  const [emailError, setEmailError] = useState<string | undefined>(undefined);
  const [contact, setContact] = useState<ContactCheck | undefined>(undefined);
  const [compared, setCompared] = useState(false);
  const [shared, setShared] = useState<ShareSummary | undefined>(undefined);
  const check = useAccountAction('sharing', (address: string) => store.call('checkContact', { email: address }));
  const trust = useAccountAction('sharing', (checked: ContactCheck) => store.call('trustContact', { email: checked.email, fingerprint: checked.fingerprint }));
  const share = useAccountAction('sharing', (address: string, access: 'read' | 'write') => store.call('shareFolder', { nodeId: node.id, email: address, role: access }));

  async function submitCheck(event: FormEvent) {
    event.preventDefault();
    setShared(undefined);
    setContact(undefined);
    setCompared(false);
    const address = email.trim();
    setEmailError(EMAIL_SHAPE.test(address) ? undefined : 'Enter the email address of a Coffre account.');
    if (!EMAIL_SHAPE.test(address)) return;
    const outcome = await check.run(address);
    if (outcome.ok) setContact(outcome.value);
  }

  async function trustNewKeys() {
    if (contact === undefined) return;
    if (!compared) {
      trust.fail('Confirm that you compared the new fingerprint with this person first.');
      return;
    }
    const outcome = await trust.run(contact);
    if (outcome.ok) setContact(outcome.value);
  }

  async function shareNow() {
    if (contact === undefined || contact.status === 'changed') return;
    const outcome = await share.run(contact.email, role);
    if (!outcome.ok) {
      // The keys may have changed between the check and the share: check again to show it.
      const again = await check.run(contact.email);
      if (again.ok) setContact(again.value);
      return;
    }
    setShared(outcome.value);
    setContact(undefined);
    setEmail('');
    onShared?.(outcome.value);
  }

  return (
    <>
      <FormError error={check.error ?? trust.error ?? share.error} title="The folder was not shared" />
      {shared === undefined ? null : (
        <Alert tone="success" title="Folder shared">
          <p>
            “{node.name}” is shared with {shared.recipientEmail} ({shared.role === 'write' ? 'can edit' : 'can view'}). It appears in
            their drive once they accept it.
          </p>
        </Alert>
      )}
      <form onSubmit={submitCheck} noValidate aria-label={`Share ${node.name} with someone`}>
        <FormStack>
          <TextField
            id="share-people-email"
            type="email"
            label="Their email address"
            autoComplete="off"
            value={email}
            onChange={(event) => {
              setEmail(event.target.value);
              setContact(undefined);
            }}
            error={emailError}
          />
          <div className="coffre-field">
            <label className="coffre-field__label" htmlFor="share-people-role">
              Access
            </label>
            <select id="share-people-role" className="coffre-field__input" value={role} onChange={(event) => setRole(event.target.value === 'write' ? 'write' : 'read')}>
              <option value="read">Can view</option>
              <option value="write">Can edit</option>
            </select>
          </div>
          {contact === undefined ? (
            <FormActions>
              <SubmitButton busy={check.busy} busyLabel="Checking their keys…">
                Check recipient
              </SubmitButton>
            </FormActions>
          ) : null}
        </FormStack>
      </form>
      {contact === undefined ? null : <ContactKeys contact={contact} compared={compared} onCompared={setCompared} />}
      {contact === undefined ? null : (
        <FormActions>
          {contact.status === 'changed' ? (
            <Button variant="danger" onClick={() => void trustNewKeys()} aria-disabled={trust.busy ? true : undefined}>
              {trust.busy ? 'Trusting the new keys…' : 'Trust the new keys'}
            </Button>
          ) : (
            <Button onClick={() => void shareNow()} aria-disabled={share.busy ? true : undefined}>
              {share.busy ? 'Sharing…' : `Share with ${contact.email}`}
            </Button>
          )}
          <Button variant="secondary" onClick={() => setContact(undefined)}>
            Cancel
          </Button>
        </FormActions>
      )}
    </>
  );
}

/** The recipient's fingerprint, and what its status means for the person. */
function ContactKeys({ contact, compared, onCompared }: { contact: ContactCheck; compared: boolean; onCompared: (value: boolean) => void }) {
  const fingerprint = (
    <p>
      Fingerprint: <code className="coffre-fingerprint" data-fingerprint={contact.fingerprint}>{contact.fingerprint}</code>
    </p>
  );
  if (contact.status === 'changed') {
    return (
      <Alert tone="warning" title={`The keys of ${contact.email} have changed`}>
        <p>
          These are not the keys you shared with before. They may have reset their account, or someone may be trying to receive
          what you share in their place. Compare the new fingerprint with {contact.email} in person or on a call, not by email.
        </p>
        {fingerprint}
        <CheckboxField
          id="share-people-compared"
          label="I compared these digits with them and they match."
          checked={compared}
          onChange={(event) => onCompared(event.target.checked)}
        />
      </Alert>
    );
  }
  return (
    <Alert tone="info" title={contact.status === 'new' ? `First share with ${contact.email}` : `${contact.email}, verified before`}>
      {fingerprint}
      <p>
        {contact.status === 'new'
          ? 'This browser will remember these keys and warn you if they ever change. To be sure they are theirs, compare the digits with them in person or on a call.'
          : 'These are the keys this browser remembered for them.'}
      </p>
    </Alert>
  );
}

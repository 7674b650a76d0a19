'use client';

import { type DriveNode } from '@coffre/sdk/drive';
import { Alert } from '@coffre/ui/alert';
import { Button } from '@coffre/ui/button';
import { FormActions, FormStack, SubmitButton, TextField } from '@coffre/ui/form';
import { Panel } from '@coffre/ui/panel';
import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { useAccountStore } from '../../../lib/account/account-context.tsx';
import { Preview } from '../../../lib/downloads/page/preview.tsx';
import { startDownload } from '../../../lib/downloads/page/start-download.ts';
import { AccountError } from '../../../lib/worker/errors.ts';
import { type OpenedLinkView } from '../../../lib/worker/protocol.ts';
import { type DeadLink, WRONG_PASSWORD_TEXT, deadLinkFor } from './link-messages.ts';
import { TableHead } from '@coffre/ui/table';

type State =
  | { status: 'opening' }
  | { status: 'password'; error?: string }
  | { status: 'dead'; dead: DeadLink }
  | { status: 'failed'; message: string }
  | { status: 'open'; link: OpenedLinkView };

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** Opens the link in the address bar (key from its fragment) and shows what it shares. */
export function LinkView({ apiUrl }: { apiUrl: string }) {
  const store = useAccountStore();
  const [state, setState] = useState<State>({ status: 'opening' });
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const started = useRef(false);

  const open = useCallback(
    async (withPassword?: string) => {
      setBusy(true);
      try {
        const link = await store.call('openLink', { apiUrl, url: window.location.href, ...(withPassword !== undefined && { password: withPassword }) });
        setState({ status: 'open', link });
      } catch (error) {
        const code = error instanceof AccountError ? error.code : 'WORKER_FAILED';
        const dead = deadLinkFor(code);
        if (dead !== undefined) setState({ status: 'dead', dead });
        else if (code === 'PASSWORD_REQUIRED') setState({ status: 'password' });
        else if (code === 'WRONG_PASSWORD' && withPassword !== undefined) setState({ status: 'password', error: WRONG_PASSWORD_TEXT });
        else setState({ status: 'failed', message: (error as Error).message });
      } finally {
        setBusy(false);
      }
    },
    [store, apiUrl],
  );

  useEffect(() => {
    // Opening spends one of the link's downloads: once per page load, even in development's double effects.
    if (started.current) return;
    started.current = true;
    void open();
  }, [open]);

  if (state.status === 'opening') {
    return (
      <Panel title="Opening the shared file…" headingLevel={1} width="narrow">
        <p className="coffre-loading" role="status">
          Decrypting in your browser. The key in the link never leaves it.
        </p>
      </Panel>
    );
  }
  if (state.status === 'dead') {
    return (
      <Panel title={state.dead.title} headingLevel={1} width="narrow">
        <p>{state.dead.text}</p>
      </Panel>
    );
  }
  if (state.status === 'failed') {
    return (
      <Panel title="This link could not be opened" headingLevel={1} width="narrow">
        <Alert tone="error">
          <p>{state.message}</p>
        </Alert>
      </Panel>
    );
  }
  if (state.status === 'password') {
    const submit = (event: FormEvent) => {
      event.preventDefault();
      if (password === '') {
        setState({ status: 'password', error: 'Enter the password you were given with this link.' });
        return;
      }
      void open(password);
    };
    return (
      <Panel title="This link is protected by a password" headingLevel={1} width="narrow" intro={<p>Enter the password you were given with the link. It is checked in your browser, never sent anywhere.</p>}>
        {state.error === undefined ? null : (
          <Alert tone="error" title="Not opened" id="link-password-error">
            <p>{state.error}</p>
          </Alert>
        )}
        <form onSubmit={submit} noValidate aria-label="Open the link">
          <FormStack>
            <TextField id="link-password" name="password" type="password" label="Password" autoComplete="off" required value={password} onChange={(event) => setPassword(event.target.value)} />
            <FormActions>
              <SubmitButton busy={busy} busyLabel="Checking…">
                Open
              </SubmitButton>
            </FormActions>
          </FormStack>
        </form>
      </Panel>
    );
  }
  return <OpenedLink link={state.link} />;
}

function OpenedLink({ link }: { link: OpenedLinkView }) {
  const root = link.node;
  if (root.kind === 'file') {
    return (
      <Panel title={root.name} headingLevel={1} intro={<p>{formatSize(root.size)}, shared with you. Decrypted in your browser.</p>}>
        <DownloadButton link={link} node={root} label="Download" />
        <Preview node={root} linkSessionId={link.linkSessionId} />
      </Panel>
    );
  }
  return <SharedFolder link={link} />;
}

function DownloadButton({ link, node, label, variant = 'primary' }: { link: OpenedLinkView; node: DriveNode; label: string; variant?: 'primary' | 'secondary' }) {
  const store = useAccountStore();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await startDownload(store, { kind: 'link', linkSessionId: link.linkSessionId, nodeId: node.id });
    } catch (caught) {
      setError((caught as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      {error === undefined ? null : (
        <Alert tone="error" title="Download failed">
          <p>{error}</p>
        </Alert>
      )}
      <Button variant={variant} onClick={() => void download()} aria-disabled={busy}>
        {label}
      </Button>
    </>
  );
}

function SharedFolder({ link }: { link: OpenedLinkView }) {
  const store = useAccountStore();
  const [trail, setTrail] = useState<DriveNode[]>([link.node]);
  const [children, setChildren] = useState<DriveNode[] | undefined>();
  const [selected, setSelected] = useState<DriveNode>();
  const [error, setError] = useState<string>();
  const folder = trail[trail.length - 1]!;

  useEffect(() => {
    let cancelled = false;
    setChildren(undefined);
    store.call('listLinkFolder', { linkSessionId: link.linkSessionId, folderId: folder.id }).then(
      (nodes) => !cancelled && setChildren([...nodes].sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'folder' ? -1 : 1))),
      (caught: unknown) => !cancelled && setError((caught as Error).message),
    );
    return () => {
      cancelled = true;
    };
  }, [store, link.linkSessionId, folder.id]);

  return (
    <Panel title={link.node.name} headingLevel={1} intro={<p>A folder shared with you. Everything is decrypted in your browser.</p>}>
      <nav aria-label="Folder path" className="coffre-breadcrumbs">
        <ol>
          {trail.map((node, index) => (
            <li key={node.id}>
              {index === trail.length - 1 ? (
                <span aria-current="page">{node.name}</span>
              ) : (
                <Button variant="quiet" onClick={() => setTrail(trail.slice(0, index + 1))}>
                  {node.name}
                </Button>
              )}
            </li>
          ))}
        </ol>
      </nav>
      <DownloadButton link={link} node={folder} label="Download all (zip)" />
      {error === undefined ? null : (
        <Alert tone="error" title="Could not list this folder">
          <p>{error}</p>
        </Alert>
      )}
      {children === undefined ? (
        <p className="coffre-loading" role="status">
          Decrypting the folder…
        </p>
      ) : children.length === 0 ? (
        <p>This folder is empty.</p>
      ) : (
        <table className="coffre-table">
          <caption className="coffre-visually-hidden">Contents of {folder.name}</caption>
          <TableHead columns={['Name', 'Size', 'Actions']} />
          <tbody>
            {children.map((node) => (
              <tr key={node.id}>
                <td>
                  {node.kind === 'folder' ? (
                    <Button variant="quiet" onClick={() => setTrail([...trail, node])}>
                      {node.name}/
                    </Button>
                  ) : (
                    <Button variant="quiet" onClick={() => setSelected(node)}>
                      {node.name}
                    </Button>
                  )}
                </td>
                <td>{node.kind === 'file' ? formatSize(node.size) : ''}</td>
                <td>
                  <DownloadButton link={link} node={node} label={node.kind === 'folder' ? `Download ${node.name} (zip)` : `Download ${node.name}`} variant="secondary" />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {selected === undefined ? null : (
        <section aria-label={`Preview of ${selected.name}`}>
          <h2>{selected.name}</h2>
          <Preview key={selected.id} node={selected} linkSessionId={link.linkSessionId} />
        </section>
      )}
    </Panel>
  );
}

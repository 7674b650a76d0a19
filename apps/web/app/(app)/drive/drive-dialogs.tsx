'use client';

import { type DriveNode, type FileVersion } from '@coffre/sdk/drive';
import { Button } from '@coffre/ui/button';
import { Dialog } from '@coffre/ui/dialog';
import { FormActions, FormStack, SubmitButton, TextField } from '@coffre/ui/form';
import { formatBytes } from '@coffre/ui/meter';
import { type FormEvent, useEffect, useState } from 'react';
import { FormError } from '../../../components/form-error.tsx';
import { useAccountStore } from '../../../lib/account/account-context.tsx';
import { type ErrorText, errorText } from '../../../lib/account/error-text.ts';
import { Preview } from '../../../lib/downloads/page/preview.tsx';
import { saveFile } from '../../../lib/drive/save-file.ts';
import { modifiedAt } from '../../../lib/drive/sort-nodes.ts';
import { type FolderListing } from '../../../lib/worker/protocol.ts';
import { TableHead } from '@coffre/ui/table';

/** A dialog asking for a name: a new folder's, or a new name for a node. */
export function NameDialog({
  title,
  label,
  initial,
  submitLabel,
  onSubmit,
  onClose,
}: {
  title: string;
  label: string;
  initial: string;
  submitLabel: string;
  onSubmit: (name: string) => Promise<void>;
  onClose: () => void;
}) {
  const [name, setName] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorText | undefined>(undefined);
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      await onSubmit(name);
    } catch (failure) {
      setError(errorText(failure, 'drive'));
      setBusy(false);
    }
  }
  return (
    <Dialog open title={title} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <FormStack>
          <FormError error={error} />
          <TextField id="node-name" label={label} value={name} onChange={(event) => setName(event.currentTarget.value)} required autoFocus />
          <FormActions>
            <SubmitButton busy={busy} busyLabel="Saving…">
              {submitLabel}
            </SubmitButton>
            <Button variant="secondary" onClick={onClose}>
              Cancel
            </Button>
          </FormActions>
        </FormStack>
      </form>
    </Dialog>
  );
}

/** Picks a folder to move `nodes` into, walking the tree from the folder they are in. */
export function MoveDialog({ nodes, startId, onMove, onClose }: { nodes: DriveNode[]; startId: string; onMove: (targetId: string) => Promise<void>; onClose: () => void }) {
  const store = useAccountStore();
  const [folderId, setFolderId] = useState(startId);
  const [listing, setListing] = useState<FolderListing | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorText | undefined>(undefined);
  const moving = new Set(nodes.map((node) => node.id));

  useEffect(() => {
    let cancelled = false;
    store.call('listFolder', { folderId }).then(
      (result) => !cancelled && setListing(result),
      (failure: unknown) => !cancelled && setError(errorText(failure, 'drive')),
    );
    return () => {
      cancelled = true;
    };
  }, [folderId, store]);

  async function move() {
    if (listing === undefined || busy) return;
    setBusy(true);
    try {
      await onMove(listing.folder.id);
    } catch (failure) {
      setError(errorText(failure, 'drive'));
      setBusy(false);
    }
  }

  const here = listing?.folder;
  const subfolders = listing?.children.filter((child) => child.kind === 'folder' && !moving.has(child.id)) ?? [];
  const title = nodes.length === 1 ? `Move “${nodes[0]!.name}”` : `Move ${nodes.length} items`;
  return (
    <Dialog open title={title} onClose={onClose}>
      <FormError error={error} />
      {listing === undefined || here === undefined ? (
        <p role="status" className="coffre-loading">
          <span className="coffre-spinner" aria-hidden="true" /> Opening folders…
        </p>
      ) : (
        <>
          <p>
            Destination: <strong>{listing.path.map((node) => (node.parentId === null ? 'My drive' : node.name)).join(' / ')}</strong>
          </p>
          <ul className="coffre-folder-picker" aria-label="Folders in the destination">
            {here.parentId === null ? null : (
              <li>
                <Button variant="quiet" onClick={() => setFolderId(here.parentId!)}>
                  ↑ Up to the parent folder
                </Button>
              </li>
            )}
            {subfolders.map((folder) => (
              <li key={folder.id}>
                <Button variant="quiet" aria-label={`Open folder ${folder.name}`} onClick={() => setFolderId(folder.id)}>
                  {folder.name}
                </Button>
              </li>
            ))}
            {subfolders.length === 0 ? <li className="coffre-folder-picker__empty">No folders in here.</li> : null}
          </ul>
        </>
      )}
      <FormActions>
        <Button onClick={move} aria-disabled={busy || listing === undefined ? true : undefined}>
          {busy ? 'Moving…' : 'Move here'}
        </Button>
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
      </FormActions>
    </Dialog>
  );
}

/** The versions of a file: download one, and, where the folder can be changed, make an older one current or delete it. */
export function VersionsDialog({ file, canWrite, onChanged, onClose }: { file: DriveNode; canWrite: boolean; onChanged: () => void; onClose: () => void }) {
  const store = useAccountStore();
  const [versions, setVersions] = useState<FileVersion[] | undefined>(undefined);
  const [error, setError] = useState<ErrorText | undefined>(undefined);
  const [revision, setRevision] = useState(0);

  useEffect(() => {
    let cancelled = false;
    store.call('listVersions', { nodeId: file.id }).then(
      (result) => !cancelled && setVersions(result),
      (failure: unknown) => !cancelled && setError(errorText(failure, 'drive')),
    );
    return () => {
      cancelled = true;
    };
  }, [file.id, store, revision]);

  const act = (run: () => Promise<unknown>) => async () => {
    setError(undefined);
    try {
      await run();
      setRevision((value) => value + 1);
      onChanged();
    } catch (failure) {
      setError(errorText(failure, 'drive'));
    }
  };

  return (
    <Dialog open title={`Versions of “${file.name}”`} onClose={onClose}>
      <FormError error={error} />
      {versions === undefined ? (
        <p role="status" className="coffre-loading">
          <span className="coffre-spinner" aria-hidden="true" /> Reading versions…
        </p>
      ) : (
        <table className="coffre-table">
          <TableHead columns={['Version', 'Size', 'Saved', 'Actions']} />
          <tbody>
            {versions.map((version) => (
              <tr key={version.number}>
                <td>
                  {version.number} {version.current ? <span className="coffre-badge">Current</span> : null}
                </td>
                <td>{formatBytes(version.ciphertextSize)} stored</td>
                <td>
                  <time dateTime={version.createdAt}>{new Date(version.createdAt).toLocaleString()}</time>
                </td>
                <td>
                  <Button
                    variant="quiet"
                    aria-label={`Download version ${version.number}`}
                    onClick={act(async () => saveFile(await store.call('readFile', { nodeId: file.id, number: version.number })))}
                  >
                    Download
                  </Button>
                  {version.current || !canWrite ? null : (
                    <>
                      <Button variant="quiet" aria-label={`Restore version ${version.number}`} onClick={act(() => store.call('restoreVersion', { nodeId: file.id, number: version.number }))}>
                        Restore
                      </Button>
                      <Button variant="quiet" aria-label={`Delete version ${version.number}`} onClick={act(() => store.call('deleteVersion', { nodeId: file.id, number: version.number }))}>
                        Delete
                      </Button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <FormActions>
        <Button variant="secondary" onClick={onClose}>
          Close
        </Button>
      </FormActions>
    </Dialog>
  );
}

/**
 * A file shown on its own: its preview, streamed and decrypted by the downloads Service Worker
 * (images, audio and video with seeking, PDF, the beginning of text), its size and date, and a
 * download of the whole file.
 */
export function PreviewDialog({ file, onDownload, onClose }: { file: DriveNode; onDownload: () => void; onClose: () => void }) {
  const modified = new Date(modifiedAt(file));
  return (
    <Dialog open size="wide" title={file.name} onClose={onClose}>
      <p className="coffre-dialog__meta">
        {formatBytes(file.size)} · modified <time dateTime={modified.toISOString()}>{modified.toLocaleString()}</time>
      </p>
      <Preview key={file.id} node={file} />
      <FormActions>
        <Button onClick={onDownload}>Download</Button>
        <Button variant="secondary" onClick={onClose}>
          Close
        </Button>
      </FormActions>
    </Dialog>
  );
}

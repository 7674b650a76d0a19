'use client';

import { type DriveNode } from '@coffre/sdk/drive';
import { Alert } from '@coffre/ui/alert';
import { PageHeading } from '@coffre/ui/app-shell';
import { Button } from '@coffre/ui/button';
import { Dialog } from '@coffre/ui/dialog';
import { EmptyState } from '@coffre/ui/empty-state';
import { FormActions } from '@coffre/ui/form';
import { formatBytes } from '@coffre/ui/meter';
import { useCallback, useEffect, useState } from 'react';
import { FormError } from '../../../../components/form-error.tsx';
import { useAccountStore } from '../../../../lib/account/account-context.tsx';
import { type ErrorText, errorText } from '../../../../lib/account/error-text.ts';
import { storageChanged } from '../../../../lib/drive/storage-events.ts';
import { TableHead } from '@coffre/ui/table';

/** The trash: restore a node where it was, or delete it for good (after a confirmation). */
export function TrashView() {
  const store = useAccountStore();
  const [nodes, setNodes] = useState<DriveNode[] | undefined>(undefined);
  const [error, setError] = useState<ErrorText | undefined>(undefined);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const [confirming, setConfirming] = useState<DriveNode | undefined>(undefined);

  const load = useCallback(async () => {
    try {
      setNodes(await store.call('listTrash', null));
    } catch (failure) {
      setError(errorText(failure, 'drive'));
    }
  }, [store]);

  useEffect(() => {
    void load();
  }, [load]);

  const act = async (run: () => Promise<unknown>, done: string) => {
    setError(undefined);
    setNotice(undefined);
    try {
      await run();
      setNotice(done);
    } catch (failure) {
      setError(errorText(failure, 'drive'));
    }
    await load();
  };

  return (
    <>
      <PageHeading title="Trash" intro={<p>Restore puts a file or folder back where it was. Deleting for good frees its space and cannot be undone.</p>} />
      <FormError error={error} />
      {notice === undefined ? null : (
        <Alert tone="success">
          <p>{notice}</p>
        </Alert>
      )}
      {nodes === undefined ? (
        error === undefined ? (
          <p role="status" className="coffre-loading">
            <span className="coffre-spinner" aria-hidden="true" /> Decrypting the trash…
          </p>
        ) : null
      ) : nodes.length === 0 ? (
        <EmptyState title="The trash is empty">
          <p>Files and folders you move to the trash wait here until you restore them or delete them for good.</p>
        </EmptyState>
      ) : (
        <table className="coffre-table">
          <caption className="coffre-visually-hidden">Items in the trash</caption>
          <TableHead columns={['Name', 'Size', 'Moved to the trash', 'Actions']} />
          <tbody>
            {nodes.map((node) => (
              <tr key={node.id}>
                <td>
                  {node.name}
                  {node.kind === 'folder' ? ' (folder)' : ''}
                </td>
                <td>{node.kind === 'folder' ? '—' : formatBytes(node.size)}</td>
                <td>{node.trashedAt === null ? '—' : <time dateTime={node.trashedAt}>{new Date(node.trashedAt).toLocaleString()}</time>}</td>
                <td>
                  <Button variant="quiet" aria-label={`Restore ${node.name}`} onClick={() => void act(() => store.call('restoreNodes', { nodeIds: [node.id] }), `Restored “${node.name}”.`)}>
                    Restore
                  </Button>
                  <Button variant="quiet" aria-label={`Delete for good: ${node.name}`} onClick={() => setConfirming(node)}>
                    Delete for good
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {confirming === undefined ? null : (
        <Dialog open title={`Delete “${confirming.name}” for good?`} onClose={() => setConfirming(undefined)}>
          <p>{confirming.kind === 'folder' ? 'The folder and everything in it' : 'The file and all its versions'} will be deleted. This cannot be undone.</p>
          <FormActions>
            <Button
              variant="danger"
              onClick={() => {
                const node = confirming;
                setConfirming(undefined);
                void act(async () => {
                  await store.call('deleteNodes', { nodeIds: [node.id] });
                  storageChanged();
                }, `Deleted “${node.name}” for good.`);
              }}
            >
              Delete for good
            </Button>
            <Button variant="secondary" onClick={() => setConfirming(undefined)}>
              Keep it
            </Button>
          </FormActions>
        </Dialog>
      )}
    </>
  );
}

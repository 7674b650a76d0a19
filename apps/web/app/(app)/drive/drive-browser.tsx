'use client';

import { type DriveNode } from '@coffre/sdk/drive';
import { Alert } from '@coffre/ui/alert';
import { PageHeading } from '@coffre/ui/app-shell';
import { Breadcrumbs } from '@coffre/ui/breadcrumbs';
import { Button } from '@coffre/ui/button';
import { EmptyState } from '@coffre/ui/empty-state';
import Link from 'next/link';
import { type DragEvent, useCallback, useEffect, useRef, useState } from 'react';
import { FormError } from '../../../components/form-error.tsx';
import { ShareDialog } from '../../../components/sharing/share-dialog.tsx';
import { useAccountStore, useTransferStore } from '../../../lib/account/account-context.tsx';
import { type ErrorText, errorText } from '../../../lib/account/error-text.ts';
import { droppedFiles, type PickedFile, pickedFiles } from '../../../lib/drive/dropped-files.ts';
import { startDownload } from '../../../lib/downloads/page/start-download.ts';
import { accessLabel, type FolderAccess, folderAccess, sharedBy } from '../../../lib/drive/folder-access.ts';
import { type SortOrder, sortNodes, toggleSort } from '../../../lib/drive/sort-nodes.ts';
import { storageChanged } from '../../../lib/drive/storage-events.ts';
import { type FolderListing, type SharedWithMe } from '../../../lib/worker/protocol.ts';
import { MoveDialog, NameDialog, PreviewDialog, VersionsDialog } from './drive-dialogs.tsx';
import { NODES_DRAG_TYPE, type NodeActions, NodeTable } from './node-table.tsx';
import { SharedWithYou } from './shared-with-you.tsx';
import { UploadsPanel } from './uploads-panel.tsx';

type OpenDialog =
  | { kind: 'new-folder' }
  | { kind: 'rename'; node: DriveNode }
  | { kind: 'move'; nodes: DriveNode[] }
  | { kind: 'versions'; node: DriveNode }
  | { kind: 'share'; node: DriveNode }
  | { kind: 'preview'; node: DriveNode }
  | undefined;

/** Where a folder is shown. */
export function folderHref(folder: Pick<DriveNode, 'id' | 'parentId'>): string {
  return folder.parentId === null ? '/drive' : `/drive?folder=${encodeURIComponent(folder.id)}`;
}

/** What a folder other than the root offers before its listing arrives. */
const NOTHING_YET: FolderAccess = { canWrite: false, canShare: false };

/** A React attribute React's types do not know: the folder picker of every current browser. */
const FOLDER_PICKER = { webkitdirectory: '' } as Record<string, string>;

/** The file browser: one folder's contents, with uploads, selection and the actions on nodes. */
export function DriveBrowser({ folderId, recovered }: { folderId: string | null; recovered: boolean }) {
  const store = useAccountStore();
  const transfers = useTransferStore();
  const [listing, setListing] = useState<FolderListing | undefined>(undefined);
  const [error, setError] = useState<ErrorText | undefined>(undefined);
  // The root also shows the folders shared with this account; a failure there leaves the drive usable.
  const [sharedWithMe, setSharedWithMe] = useState<SharedWithMe | undefined>(undefined);
  const [sharedError, setSharedError] = useState<ErrorText | undefined>(undefined);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const [order, setOrder] = useState<SortOrder>({ key: 'name', direction: 'ascending' });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [dialog, setDialog] = useState<OpenDialog>(undefined);
  const [dropping, setDropping] = useState(false);
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);

  const load = useCallback(async () => {
    try {
      const next = await store.call('listFolder', { folderId });
      setListing(next);
      setSelected((current) => new Set([...current].filter((id) => next.children.some((child) => child.id === id))));
    } catch (failure) {
      setError(errorText(failure, 'drive'));
    }
  }, [store, folderId]);

  useEffect(() => {
    setListing(undefined);
    setSelected(new Set());
    setError(undefined);
    void load();
  }, [load]);

  useEffect(() => {
    setSharedWithMe(undefined);
    setSharedError(undefined);
    if (folderId !== null) return;
    let current = true;
    store.call('listSharedWithMe', null).then(
      (next) => current && setSharedWithMe(next),
      (failure: unknown) => current && setSharedError(errorText(failure, 'drive')),
    );
    return () => {
      current = false;
    };
  }, [store, folderId]);

  useEffect(() => {
    if (transfers === undefined) return;
    void transfers.refreshInterrupted().catch(() => undefined);
    return transfers.onCompleted(() => {
      storageChanged();
      void load();
    });
  }, [transfers, load]);

  /** Runs an action on nodes, then shows the folder as it now is. */
  const act = async (run: () => Promise<unknown>, done?: string) => {
    setError(undefined);
    setNotice(undefined);
    try {
      await run();
      if (done !== undefined) setNotice(done);
    } catch (failure) {
      setError(errorText(failure, 'drive'));
    } finally {
      await load();
    }
  };

  // Files picked before the folder is decrypted wait for it, rather than being dropped.
  const waitingFiles = useRef<PickedFile[]>([]);
  const upload = (files: PickedFile[]) => {
    if (transfers === undefined || files.length === 0 || (listing !== undefined && !access.canWrite)) return;
    if (listing === undefined) {
      waitingFiles.current.push(...files);
      return;
    }
    transfers.upload(listing.folder.id, files).catch((failure: unknown) => setError(errorText(failure, 'drive')));
  };
  useEffect(() => {
    if (listing === undefined || transfers === undefined || waitingFiles.current.length === 0) return;
    const files = waitingFiles.current.splice(0);
    if (!folderAccess(listing.shared).canWrite) return;
    transfers.upload(listing.folder.id, files).catch((failure: unknown) => setError(errorText(failure, 'drive')));
  }, [listing, transfers]);

  const plural = (count: number) => (count === 1 ? '1 item' : `${count} items`);

  const actions: NodeActions = {
    open: folderHref,
    preview: (file) => setDialog({ kind: 'preview', node: file }),
    // Streamed to disk by the downloads Service Worker (lib/downloads): nothing is held in memory.
    download: (file) => void act(async () => void (await startDownload(store, { kind: 'node', nodeId: file.id }))),
    versions: (node) => setDialog({ kind: 'versions', node }),
    rename: (node) => setDialog({ kind: 'rename', node }),
    share: (node) => setDialog({ kind: 'share', node }),
    move: (nodes) => setDialog({ kind: 'move', nodes }),
    trash: (nodes) => void act(() => store.call('trashNodes', { nodeIds: nodes.map((node) => node.id) }), `Moved ${plural(nodes.length)} to the trash.`),
    dropOn: (folder, nodeIds) => void act(() => store.call('moveNodes', { nodeIds, targetId: folder.id }), `Moved ${plural(nodeIds.length)} to “${folder.name}”.`),
  };

  const onDrop = (event: DragEvent<HTMLElement>) => {
    setDropping(false);
    if (!access.canWrite || !event.dataTransfer.types.includes('Files')) return;
    event.preventDefault();
    // The entries must be read before the handler returns: the drop's data is emptied after it.
    void droppedFiles(event.dataTransfer).then(upload);
  };

  const dropOnCrumb = (folder: DriveNode) => (event: DragEvent<HTMLElement>) => {
    const data = event.dataTransfer.getData(NODES_DRAG_TYPE);
    if (data === '') return;
    event.preventDefault();
    actions.dropOn(folder, JSON.parse(data) as string[]);
  };

  const folder = listing?.folder;
  const title = folder === undefined || folder.parentId === null ? 'My drive' : folder.name;
  const shared = listing?.shared ?? null;
  // The root is always the account's own; another folder offers nothing a read-only share would
  // refuse until its listing says how it is reached.
  const access = listing !== undefined || folderId === null ? folderAccess(shared) : NOTHING_YET;
  const children = listing === undefined ? [] : sortNodes(listing.children, order);
  const selectedNodes = children.filter((node) => selected.has(node.id));

  return (
    <>
      <PageHeading
        title={title}
        intro={
          shared === null ? (
            <p>Everything here is encrypted in this browser before it is uploaded.</p>
          ) : (
            <p data-shared-by={shared.ownerEmail ?? ''}>
              Shared with you by {sharedBy(shared)} · {accessLabel(shared.role)}. It stays encrypted end to end.
            </p>
          )
        }
        actions={
          access.canWrite ? (
            <>
              <Button onClick={() => filesInput.current?.click()}>Upload files</Button>
              <Button variant="secondary" onClick={() => folderInput.current?.click()}>
                Upload a folder
              </Button>
              <Button variant="secondary" onClick={() => setDialog({ kind: 'new-folder' })} aria-disabled={listing === undefined ? true : undefined}>
                New folder
              </Button>
            </>
          ) : undefined
        }
      />
      <input
        ref={filesInput}
        type="file"
        multiple
        className="coffre-visually-hidden"
        tabIndex={-1}
        aria-label="Files to upload"
        onChange={(event) => {
          upload(pickedFiles(event.currentTarget.files ?? []));
          event.currentTarget.value = '';
        }}
      />
      <input
        ref={folderInput}
        type="file"
        {...FOLDER_PICKER}
        className="coffre-visually-hidden"
        tabIndex={-1}
        aria-label="Folder to upload"
        onChange={(event) => {
          upload(pickedFiles(event.currentTarget.files ?? []));
          event.currentTarget.value = '';
        }}
      />
      {recovered ? (
        <Alert tone="success" title="Account recovered">
          <p>Your new password is set, and every other device has been signed out. Your recovery key stays the same.</p>
        </Alert>
      ) : null}
      {listing === undefined ? null : (
        <Breadcrumbs
          label="Folder path"
          linkComponent={Link}
          trail={listing.path.map((node) => ({
            href: folderHref(node),
            label: node.parentId === null ? 'My drive' : node.name,
            ...(access.canWrite && { onDrop: dropOnCrumb(node) }),
          }))}
        />
      )}
      <FormError error={error} />
      {notice === undefined ? null : (
        <Alert tone="success">
          <p>{notice}</p>
        </Alert>
      )}
      <UploadsPanel store={transfers} />
      <section
        className={dropping ? 'coffre-dropzone coffre-dropzone--active' : 'coffre-dropzone'}
        aria-label="Folder contents"
        onDragOver={(event) => {
          if (!access.canWrite || !event.dataTransfer.types.includes('Files')) return;
          event.preventDefault();
          setDropping(true);
        }}
        onDragLeave={() => setDropping(false)}
        onDrop={onDrop}
      >
        {selectedNodes.length === 0 || !access.canWrite ? null : (
          <div className="coffre-selection" role="group" aria-label="Selected items">
            <span>{plural(selectedNodes.length)} selected</span>
            <Button variant="secondary" onClick={() => actions.move(selectedNodes)}>
              Move…
            </Button>
            <Button variant="secondary" onClick={() => actions.trash(selectedNodes)}>
              Move to trash
            </Button>
            <Button variant="quiet" onClick={() => setSelected(new Set())}>
              Clear selection
            </Button>
          </div>
        )}
        {listing === undefined ? (
          error === undefined ? (
            <p role="status" className="coffre-loading">
              <span className="coffre-spinner" aria-hidden="true" /> Decrypting the folder…
            </p>
          ) : null
        ) : children.length === 0 && !access.canWrite ? (
          <EmptyState title="This folder is empty">
            <p>Its owner has not put anything in it yet.</p>
          </EmptyState>
        ) : children.length === 0 ? (
          <EmptyState
            title={folder?.parentId === null ? 'Your drive is empty' : 'This folder is empty'}
            actions={<Button onClick={() => filesInput.current?.click()}>Upload files</Button>}
          >
            <p>Drop files or folders here, or use the upload buttons. They are encrypted before they leave this browser.</p>
          </EmptyState>
        ) : (
          <NodeTable
            nodes={children}
            order={order}
            onSort={(key) => setOrder((current) => toggleSort(current, key))}
            selected={selected}
            onSelect={setSelected}
            actions={actions}
            access={access}
          />
        )}
        {access.canWrite ? <p className="coffre-dropzone__hint">Drop files or folders anywhere here to upload them into this folder.</p> : null}
      </section>
      {folderId === null ? <SharedWithYou shared={sharedWithMe} error={sharedError} open={folderHref} /> : null}

      {dialog?.kind === 'new-folder' && listing !== undefined ? (
        <NameDialog
          title="New folder"
          label="Folder name"
          initial=""
          submitLabel="Create folder"
          onClose={() => setDialog(undefined)}
          onSubmit={async (name) => {
            await store.call('createFolder', { parentId: listing.folder.id, name });
            setDialog(undefined);
            setNotice(`Created “${name.trim()}”.`);
            await load();
          }}
        />
      ) : null}
      {dialog?.kind === 'rename' ? (
        <NameDialog
          title={`Rename “${dialog.node.name}”`}
          label="New name"
          initial={dialog.node.name}
          submitLabel="Rename"
          onClose={() => setDialog(undefined)}
          onSubmit={async (name) => {
            await store.call('renameNode', { nodeId: dialog.node.id, name });
            setDialog(undefined);
            await load();
          }}
        />
      ) : null}
      {dialog?.kind === 'move' && listing !== undefined ? (
        <MoveDialog
          nodes={dialog.nodes}
          startId={listing.folder.id}
          onClose={() => setDialog(undefined)}
          onMove={async (targetId) => {
            await store.call('moveNodes', { nodeIds: dialog.nodes.map((node) => node.id), targetId });
            setDialog(undefined);
            setNotice(`Moved ${plural(dialog.nodes.length)}.`);
            await load();
          }}
        />
      ) : null}
      {dialog?.kind === 'share' ? <ShareDialog node={dialog.node} onClose={() => setDialog(undefined)} /> : null}
      {dialog?.kind === 'preview' ? <PreviewDialog file={dialog.node} onDownload={() => actions.download(dialog.node)} onClose={() => setDialog(undefined)} /> : null}
      {dialog?.kind === 'versions' ? <VersionsDialog file={dialog.node} canWrite={access.canWrite} onChanged={() => void load()} onClose={() => setDialog(undefined)} /> : null}
    </>
  );
}

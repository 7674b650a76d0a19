'use client';

import { type DriveNode } from '@coffre/sdk/drive';
import { Alert } from '@coffre/ui/alert';
import { Panel } from '@coffre/ui/panel';
import Link from 'next/link';
import { FormError } from '../../../components/form-error.tsx';
import { type ErrorText } from '../../../lib/account/error-text.ts';
import { accessLabel, pendingNotice, sharedBy } from '../../../lib/drive/folder-access.ts';
import { type SharedWithMe } from '../../../lib/worker/protocol.ts';
import { TableHead } from '@coffre/ui/table';

/**
 * The drive root's "Shared with you": the folders other accounts shared with this one and that it
 * accepted (each opens in the file browser like a folder of the drive, `open`), and a pointer to
 * /shared when offers wait there. Nothing shows until there is something.
 */
export function SharedWithYou({ shared, error, open }: { shared: SharedWithMe | undefined; error: ErrorText | undefined; open: (folder: DriveNode) => string }) {
  const notice = shared === undefined ? undefined : pendingNotice(shared.pending);
  if (error === undefined && notice === undefined && (shared === undefined || shared.folders.length === 0)) return null;
  const folders = [...(shared?.folders ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <Panel title="Shared with you">
      <FormError error={error} title="The folders shared with you could not be shown" />
      {notice === undefined ? null : (
        <Alert tone="info">
          <p>
            {notice} <Link href="/shared">Review invitations</Link>
          </p>
        </Alert>
      )}
      {folders.length === 0 ? null : (
        <table className="coffre-table" aria-label="Folders shared with you">
          <TableHead columns={['Folder', 'Shared by', 'Access']} />
          <tbody>
            {folders.map((folder) => (
              <tr key={folder.id} data-node-id={folder.id}>
                <td>
                  <Link href={open(folder)}>{folder.name}</Link>
                  <span className="coffre-visually-hidden"> (shared folder)</span>
                </td>
                <td>{folder.shared === null ? '—' : sharedBy(folder.shared)}</td>
                <td>{folder.shared === null ? '—' : accessLabel(folder.shared.role)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}

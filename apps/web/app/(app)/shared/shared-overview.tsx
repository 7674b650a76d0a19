'use client';

import { Alert } from '@coffre/ui/alert';
import { PageHeading } from '@coffre/ui/app-shell';
import { Button } from '@coffre/ui/button';
import { Panel } from '@coffre/ui/panel';
import { usePathname, useRouter } from 'next/navigation';
import { useCallback, useEffect, useState } from 'react';
import { FormError } from '../../../components/form-error.tsx';
import { ShareDialog } from '../../../components/sharing/share-dialog.tsx';
import { linkState } from '../../../components/sharing/link-state.ts';
import { useAccountAction } from '../../../components/use-account-action.ts';
import { useAccountStore } from '../../../lib/account/account-context.tsx';
import { accessLabel } from '../../../lib/drive/folder-access.ts';
import { type LinkSummary, type NodeSummary, type ShareSummary } from '../../../lib/worker/protocol.ts';
import { TableHead } from '@coffre/ui/table';

interface Overview {
  incoming: ShareSummary[];
  outgoing: ShareSummary[];
  links: LinkSummary[];
}

function when(iso: string | null): string {
  return iso === null ? '—' : new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * `/shared`: folders others shared with this account (accept, leave), folders it shared (revoke),
 * and its links (revoke). `?share=<node id>` opens the share dialog for that node, which is how
 * other screens can send someone here to share something.
 */
export function SharedOverview({ shareNodeId }: { shareNodeId: string | undefined }) {
  const store = useAccountStore();
  const router = useRouter();
  const pathname = usePathname();
  const [overview, setOverview] = useState<Overview | undefined>(undefined);
  const [status, setStatus] = useState<string | undefined>(undefined);
  const [dialogNode, setDialogNode] = useState<NodeSummary | undefined>(undefined);
  const load = useAccountAction('sharing', async () => {
    const [shares, links] = await Promise.all([store.call('listShares', null), store.call('listLinks', null)]);
    return { ...shares, links };
  });
  const describe = useAccountAction('sharing', (nodeId: string) => store.call('describeNode', { nodeId }));
  const change = useAccountAction('sharing', async (run: () => Promise<unknown>) => {
    await run();
  });
  const runLoad = load.run;
  const runDescribe = describe.run;

  const refresh = useCallback(async () => {
    const outcome = await runLoad();
    if (outcome.ok) setOverview(outcome.value);
  }, [runLoad]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => {
    if (shareNodeId === undefined) return;
    void runDescribe(shareNodeId).then((outcome) => outcome.ok && setDialogNode(outcome.value));
  }, [shareNodeId, runDescribe]);

  async function act(run: () => Promise<unknown>, done: string) {
    setStatus(undefined);
    const outcome = await change.run(run);
    await refresh();
    if (outcome.ok) setStatus(done);
  }

  function closeDialog() {
    setDialogNode(undefined);
    if (shareNodeId !== undefined) router.replace(pathname);
    void refresh();
  }

  return (
    <>
      <PageHeading title="Shared" intro={<p>Folders shared with you and by you, and your links. Everything stays encrypted end to end.</p>} />
      <div aria-live="polite">{status === undefined ? null : <Alert tone="success">{status}</Alert>}</div>
      <FormError error={load.error ?? change.error ?? describe.error} title="Sharing could not be updated" />
      {overview === undefined ? (
        load.error === undefined ? (
          <p role="status">Loading what is shared…</p>
        ) : null
      ) : (
        <>
          <Panel title="Shared with me">
            {overview.incoming.length === 0 ? (
              <p>Nobody has shared a folder with you yet.</p>
            ) : (
              <table className="coffre-table" aria-label="Folders shared with me">
                <TableHead columns={['Folder', 'From', 'Access', { hiddenLabel: 'Actions' }]} />
                <tbody>
                  {overview.incoming.map((share) => (
                    <tr key={share.shareId} data-share-id={share.shareId} data-state={share.acceptedAt === null ? 'offered' : 'accepted'}>
                      <td>{share.acceptedAt === null ? <em>Offered, not accepted yet</em> : (share.folderName ?? 'Unreadable folder')}</td>
                      <td>{share.ownerEmail ?? 'Deleted account'}</td>
                      <td>{accessLabel(share.role)}</td>
                      <td>
                        {share.acceptedAt === null ? (
                          <>
                            <Button
                              onClick={() => void act(() => store.call('acceptShare', { shareId: share.shareId }), `The folder from ${share.ownerEmail} is in your drive.`)}
                              aria-label={`Accept the folder from ${share.ownerEmail}`}
                            >
                              Accept
                            </Button>{' '}
                            <Button
                              variant="quiet"
                              onClick={() => void act(() => store.call('endShare', { shareId: share.shareId }), 'Declined.')}
                              aria-label={`Decline the folder from ${share.ownerEmail}`}
                            >
                              Decline
                            </Button>
                          </>
                        ) : (
                          <Button
                            variant="quiet"
                            onClick={() => void act(() => store.call('endShare', { shareId: share.shareId }), `You left “${share.folderName}”.`)}
                            aria-label={`Leave ${share.folderName ?? 'the folder'} from ${share.ownerEmail}`}
                          >
                            Leave
                          </Button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Panel>
          <Panel title="Shared by me">
            {overview.outgoing.length === 0 ? (
              <p>You have not shared a folder with anyone. Open a folder’s share dialog from your drive to start.</p>
            ) : (
              <table className="coffre-table" aria-label="Folders I shared">
                <TableHead columns={['Folder', 'With', 'Access', 'Status', { hiddenLabel: 'Actions' }]} />
                <tbody>
                  {overview.outgoing.map((share) => (
                    <tr key={share.shareId} data-share-id={share.shareId}>
                      <td>{share.folderName ?? 'Unreadable folder'}</td>
                      <td>{share.recipientEmail ?? 'Deleted account'}</td>
                      <td>{accessLabel(share.role)}</td>
                      <td>{share.acceptedAt === null ? 'Waiting for them to accept' : `Accepted ${when(share.acceptedAt)}`}</td>
                      <td>
                        <Button
                          variant="quiet"
                          onClick={() => void act(() => store.call('endShare', { shareId: share.shareId }), `${share.recipientEmail} no longer has access.`)}
                          aria-label={`Revoke ${share.recipientEmail}’s access to ${share.folderName ?? 'the folder'}`}
                        >
                          Revoke
                        </Button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Panel>
          <Panel title="My links">
            {overview.links.length === 0 ? (
              <p>You have no links.</p>
            ) : (
              <table className="coffre-table" aria-label="My links">
                <TableHead columns={['To', 'Created', 'Expires', 'Downloads', 'Status', { hiddenLabel: 'Actions' }]} />
                <tbody>
                  {overview.links.map((link) => {
                    const state = linkState(link, new Date());
                    return (
                      <tr key={link.id} data-link-id={link.id} data-state={state.code}>
                        <td>
                          {link.nodeName ?? 'Deleted item'}
                          {link.hasPassword ? (
                            <>
                              {' '}
                              <span className="coffre-badge">Password</span>
                            </>
                          ) : null}
                        </td>
                        <td>{when(link.createdAt)}</td>
                        <td>{link.expiresAt === null ? 'Never' : when(link.expiresAt)}</td>
                        <td>{link.maxDownloads === null ? String(link.downloads) : `${link.downloads} of ${link.maxDownloads}`}</td>
                        <td>{state.label}</td>
                        <td>
                          {state.code === 'active' ? (
                            <Button
                              variant="quiet"
                              onClick={() => void act(() => store.call('revokeLink', { linkId: link.id }), 'The link no longer works.')}
                              aria-label={`Revoke the link to ${link.nodeName ?? 'a deleted item'} created ${when(link.createdAt)}`}
                            >
                              Revoke
                            </Button>
                          ) : null}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            )}
          </Panel>
        </>
      )}
      <ShareDialog node={dialogNode} onClose={closeDialog} onLinkCreated={() => void refresh()} onShared={() => void refresh()} />
    </>
  );
}

'use client';

import { Button } from '@coffre/ui/button';
import { Dialog } from '@coffre/ui/dialog';
import { FormActions } from '@coffre/ui/form';
import { type NodeSummary, type ShareSummary } from '../../lib/worker/protocol.ts';
import { LinkForm } from './link-form.tsx';
import { PeopleForm } from './people-form.tsx';

/** Props of {@link ShareDialog}. */
export interface ShareDialogProps {
  /** The file or folder to share; the dialog is closed while undefined. */
  readonly node: NodeSummary | undefined;
  readonly onClose: () => void;
  /** A link was created (e.g. to refresh a list of links). */
  readonly onLinkCreated?: () => void;
  /** The folder was shared with an account. */
  readonly onShared?: (share: ShareSummary) => void;
}

/**
 * Sharing one node: a link for anyone (files and folders), and, for folders, sharing with
 * another Coffre account. The file browser opens it for a node: `<ShareDialog node={…} onClose={…} />`.
 */
export function ShareDialog({ node, onClose, onLinkCreated, onShared }: ShareDialogProps) {
  return (
    <Dialog open={node !== undefined} title={node === undefined ? 'Share' : `Share “${node.name}”`} onClose={onClose}>
      {node === undefined ? null : (
        <>
          <section className="coffre-dialog__section" aria-labelledby="share-dialog-link">
            <h3 id="share-dialog-link">Link</h3>
            <LinkForm node={node} {...(onLinkCreated && { onCreated: onLinkCreated })} />
          </section>
          {node.kind === 'folder' ? (
            <section className="coffre-dialog__section" aria-labelledby="share-dialog-people">
              <h3 id="share-dialog-people">People</h3>
              <PeopleForm node={node} {...(onShared && { onShared })} />
            </section>
          ) : null}
          <FormActions>
            <Button variant="secondary" onClick={onClose}>
              Close
            </Button>
          </FormActions>
        </>
      )}
    </Dialog>
  );
}

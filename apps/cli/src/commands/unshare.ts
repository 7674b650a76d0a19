import { type Command } from 'commander';
import { isNodeId } from '../drive/find-node.js';
import { openDrive } from '../drive/open-drive.js';
import { resolveRemote } from '../drive/remote-path.js';
import { type Run } from './runner.js';

const LINK_ID = /^[A-Za-z0-9_-]{22}$/;
const LINK_URL = /\/s\/([A-Za-z0-9_-]{22})(?:#|$)/;

/**
 * `coffre unshare <link id | link URL | share id | path>`: revokes a link, ends a share (as owner)
 * or leaves it (as recipient), or, given a path, revokes every link and share of that node.
 */
export function registerUnshare(program: Command, run: Run): void {
  program
    .command('unshare')
    .description('revoke a link, end or leave a share, or stop every link and share of a path')
    .argument('<what>', 'a link id or URL, a share id, or a path in the drive')
    .addHelpText('after', '\nKeys already delivered cannot be taken back: someone who downloaded a file keeps it.')
    .action(
      run(async (context, what: string) => {
        const { drive } = await openDrive(context);
        const linkId = LINK_ID.test(what) ? what : LINK_URL.exec(what)?.[1];
        if (linkId !== undefined) {
          await drive.revokeLink(linkId);
          context.result({ links: [linkId], shares: [] }, () => `Link ${linkId} revoked.`);
          return;
        }
        if (isNodeId(what)) {
          await drive.deleteShare(what.toLowerCase());
          context.result({ links: [], shares: [what.toLowerCase()] }, () => `Share ${what} ended.`);
          return;
        }
        const { node } = await resolveRemote(drive, what);
        const links = (await drive.listLinks()).filter((link) => link.nodeId === node.id && link.revokedAt === null);
        const shares = (await drive.listShares()).outgoing.filter((share) => share.nodeId === node.id);
        for (const link of links) await drive.revokeLink(link.id);
        for (const share of shares) await drive.deleteShare(share.id);
        context.result({ links: links.map((link) => link.id), shares: shares.map((share) => share.id) }, () =>
          links.length + shares.length === 0 ? `${what} had no link or share.` : `Revoked ${links.length} link(s) and ended ${shares.length} share(s) of ${what}.`,
        );
      }),
    );
}

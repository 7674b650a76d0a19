import { type ShareView } from '@coffre/sdk/drive-types';
import { type Command } from 'commander';
import { createNodePaths } from '../drive/node-paths.js';
import { openDrive } from '../drive/open-drive.js';
import { shortDate, table } from '../terminal/format.js';
import { type Run } from './runner.js';

/** `coffre shares` (list) and `coffre shares accept <id>`: folders shared with and by this account. */
export function registerShares(program: Command, run: Run): void {
  const shares = program.command('shares').description('list folders shared with you and by you; `shares accept <id>` takes an offer');
  shares
    .command('list', { isDefault: true })
    .description('list shares: offered to you (accept them), accepted, and given by you')
    .action(
      run(async (context) => {
        const { drive } = await openDrive(context);
        const { incoming, outgoing } = await drive.listShares();
        const pathOf = createNodePaths(drive);
        const given = await Promise.all(outgoing.map(async (share) => ({ ...share, path: (await pathOf(share.nodeId)) ?? null })));
        context.result({ incoming, outgoing: given }, () => {
          const row = (share: ShareView, who: string | null, what: string) => [share.id, share.acceptedAt === null ? 'offered' : 'accepted', share.role, who ?? '-', what, shortDate(share.createdAt)];
          return table([
            ['ID', 'STATE', 'ROLE', 'WITH', 'FOLDER', 'SINCE'],
            ...incoming.map((share) => row(share, share.ownerEmail, '(from them)')),
            ...given.map((share) => row(share, share.recipientEmail, share.path ?? share.nodeId)),
          ]);
        });
      }),
    );
  shares
    .command('accept')
    .description('accept a folder shared with you, after checking it comes from its owner (pinned keys)')
    .argument('<id>', 'the share id, as `coffre shares` lists it')
    .action(
      run(async (context, id: string) => {
        const { drive } = await openDrive(context);
        const root = await drive.acceptShare(id);
        context.result({ node: root }, () => `Accepted: the folder is at shared:${root.name} (or shared:${id}).`);
      }),
    );
}

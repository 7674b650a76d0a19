import { type Command } from 'commander';
import { createNodePaths } from '../drive/node-paths.js';
import { openDrive } from '../drive/open-drive.js';
import { shortDate, table } from '../terminal/format.js';
import { type Run } from './runner.js';

/**
 * `coffre links`: the links this account made, and those read-write sharers made to its files,
 * with their limits and state.
 */
export function registerLinks(program: Command, run: Run): void {
  program
    .command('links')
    .description('list the links you made, and those sharers made to your files (their keys are not stored: the URLs cannot be shown again)')
    .action(
      run(async (context) => {
        const { drive, accountId } = await openDrive(context);
        const pathOf = createNodePaths(drive);
        const links = await Promise.all((await drive.listLinks()).map(async (link) => ({ ...link, path: (await pathOf(link.nodeId)) ?? null })));
        const now = Date.now();
        const state = (link: (typeof links)[number]) =>
          link.revokedAt !== null
            ? 'revoked'
            : link.expiresAt !== null && Date.parse(link.expiresAt) <= now
              ? 'expired'
              : link.maxDownloads !== null && link.downloads >= link.maxDownloads
                ? 'used up'
                : 'active';
        context.result({ links: links.map((link) => ({ ...link, state: state(link) })) }, () =>
          table([
            ['ID', 'STATE', 'DOWNLOADS', 'EXPIRES', 'PASSWORD', 'MADE BY', 'PATH'],
            ...links.map((link) => [
              link.id,
              state(link),
              link.maxDownloads === null ? String(link.downloads) : `${link.downloads}/${link.maxDownloads}`,
              link.expiresAt === null ? '-' : shortDate(link.expiresAt),
              link.hasPassword ? 'yes' : 'no',
              link.createdBy === accountId ? 'you' : 'a sharer',
              link.path ?? `(${link.nodeId})`,
            ]),
          ]),
        );
      }),
    );
}

import { type Drive, type DriveNode } from '@coffre/sdk/drive';
import { type Command } from 'commander';
import { type CommandContext } from '../context.js';
import { openDrive } from '../drive/open-drive.js';
import { formatRemotePath, parseRemotePath, resolveRemote } from '../drive/remote-path.js';
import { formatBytes } from '../terminal/progress.js';
import { shortDate, table } from '../terminal/format.js';
import { type Run } from './runner.js';

interface LsOptions {
  long?: boolean;
  trash?: boolean;
}

/** `coffre ls [path]`: a folder's contents, the shared folders (`shared:`), or the trash. */
export function registerLs(program: Command, run: Run): void {
  program
    .command('ls')
    .description('list a folder (default /), the folders shared with you (shared:), or the trash (--trash)')
    .argument('[path]', 'a folder or file in the drive, or shared:', '/')
    .option('-l, --long', 'long format: kind, size, modification date, name')
    .option('--trash', 'list what is in the trash (with ids, for restore and rm --permanent)')
    .action(
      run(async (context, target: string, options: LsOptions) => {
        const { drive } = await openDrive(context);
        if (options.trash === true) return print(context, '(trash)', await drive.listTrash(), true);
        const parsed = parseRemotePath(target);
        if (parsed.shared === '' && parsed.names.length === 0) return print(context, 'shared:', await drive.listShared(), options.long === true);
        const { node, path } = await resolveRemote(drive, target);
        const entries = node.kind === 'folder' ? await sorted(drive, node) : [node];
        print(context, formatRemotePath(path), entries, options.long === true);
      }),
    );
}

async function sorted(drive: Drive, folder: DriveNode): Promise<DriveNode[]> {
  return (await drive.list(folder)).sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'folder' ? -1 : 1));
}

function print(context: CommandContext, path: string, entries: DriveNode[], long: boolean): void {
  context.result({ path, entries }, () => {
    const label = (node: DriveNode) => {
      const base = node.kind === 'folder' ? `${node.name}/` : node.name;
      if (node.shared !== null) return `${base}  (shared by ${node.shared.ownerEmail ?? node.shared.ownerId}, ${node.shared.role}; shared:${node.shared.shareId})`;
      if (node.trashedAt !== null) return `${base}  (${node.id})`;
      return base;
    };
    if (!long) return entries.map(label).join('\n');
    return table(
      entries.map((node) => [
        node.kind === 'folder' ? 'd' : 'f',
        node.kind === 'folder' ? '-' : node.contentVersion === null ? 'incomplete' : formatBytes(node.size),
        shortDate(node.trashedAt ?? (node.mtime === null ? node.updatedAt : new Date(node.mtime))),
        label(node),
      ]),
    );
  });
}

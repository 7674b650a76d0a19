import { type DriveNode } from '@coffre/sdk/drive';
import { type Command } from 'commander';
import { CliError } from '../cli-error.js';
import { findNode } from '../drive/find-node.js';
import { openDrive } from '../drive/open-drive.js';
import { type Run } from './runner.js';

/** `coffre rm [--permanent] <path|id...>`: to the trash, or deleted for good. */
export function registerRm(program: Command, run: Run): void {
  program
    .command('rm')
    .description('move files or folders to the trash (--permanent: delete them for good)')
    .argument('<paths...>', 'paths in the drive, or ids as `coffre ls --trash` shows them')
    .option('--permanent', 'delete for good, with everything inside; the storage is freed')
    .action(
      run(async (context, references: string[], options: { permanent?: boolean }) => {
        const { drive } = await openDrive(context);
        const nodes: DriveNode[] = [];
        for (const reference of references) {
          const node = await findNode(drive, reference);
          if (node.parentId === null || node.shared !== null) throw new CliError('USAGE', `"${reference}" is a root folder; it cannot be removed (leave a shared folder with \`coffre unshare\`).`);
          nodes.push(node);
        }
        const removed: { reference: string; nodeId: string; permanent: boolean }[] = [];
        for (const [index, node] of nodes.entries()) {
          if (options.permanent === true) await drive.delete(node);
          else await drive.trash(node);
          removed.push({ reference: references[index]!, nodeId: node.id, permanent: options.permanent === true });
          context.say(options.permanent === true ? `Deleted ${references[index]} for good` : `Moved ${references[index]} to the trash (id ${node.id})`);
        }
        context.result({ removed });
      }),
    );
}

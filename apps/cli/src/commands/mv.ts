import { type Command } from 'commander';
import { CliError } from '../cli-error.js';
import { openDrive } from '../drive/open-drive.js';
import { childPath, formatRemotePath, resolveDestination, resolveRemote } from '../drive/remote-path.js';
import { type Run } from './runner.js';

/** `coffre mv <from> <to>`: renames or moves a file or folder (keys rewrapped client-side). */
export function registerMv(program: Command, run: Run): void {
  program
    .command('mv')
    .description('rename or move a file or folder')
    .argument('<from>', 'what to move')
    .argument('<to>', 'an existing folder (it goes inside), or its new path')
    .action(
      run(async (context, from: string, to: string) => {
        const { drive } = await openDrive(context);
        const { node } = await resolveRemote(drive, from);
        if (node.parentId === null || node.shared !== null) throw new CliError('USAGE', `"${from}" is a root folder; it cannot be moved.`);
        const target = await resolveDestination(drive, to);
        const name = target.name ?? node.name;
        const moved = target.folder.id === node.parentId ? await drive.rename(node, name) : await drive.move(node, target.folder, name);
        const path = formatRemotePath(childPath(target.folderPath, moved.name));
        context.result({ path, node: moved }, () => `Moved to ${path}`);
      }),
    );
}

import { type Command } from 'commander';
import { openDrive } from '../drive/open-drive.js';
import { baseOf, formatRemotePath, parseRemotePath } from '../drive/remote-path.js';
import { CliError } from '../cli-error.js';
import { type Run } from './runner.js';

/** `coffre mkdir [-p] <path>`: creates a folder. */
export function registerMkdir(program: Command, run: Run): void {
  program
    .command('mkdir')
    .description('create a folder')
    .argument('<path>', 'the new folder, e.g. /docs/2026')
    .option('-p, --parents', 'create missing parent folders too, and accept a folder that exists')
    .action(
      run(async (context, target: string, options: { parents?: boolean }) => {
        const { drive } = await openDrive(context);
        const path = parseRemotePath(target);
        if (path.names.length === 0) throw new CliError('USAGE', 'Name the folder to create, e.g. /docs.');
        const base = await baseOf(drive, path);
        const node =
          options.parents === true
            ? await drive.mkdirs(path.names.join('/'), base)
            : await drive.mkdir(path.names.length === 1 ? base : await drive.resolve(path.names.slice(0, -1).join('/'), base), path.names.at(-1)!);
        context.result({ path: formatRemotePath(path), node }, () => `Created ${formatRemotePath(path)}`);
      }),
    );
}

import { type Command } from 'commander';
import { findTrashed } from '../drive/find-node.js';
import { openDrive } from '../drive/open-drive.js';
import { type Run } from './runner.js';

/** `coffre restore <path|id>`: takes a file or folder out of the trash, back where it was. */
export function registerRestore(program: Command, run: Run): void {
  program
    .command('restore')
    .description('take a file or folder out of the trash, back where it was')
    .argument('<path|id>', 'its former path, or its id as `coffre ls --trash` shows it')
    .action(
      run(async (context, reference: string) => {
        const { drive } = await openDrive(context);
        const node = await drive.restore(await findTrashed(drive, reference));
        context.result({ node }, () => `Restored ${node.name}`);
      }),
    );
}

import { type Command } from 'commander';
import { openDrive } from '../drive/open-drive.js';
import { formatRemotePath, resolveRemote } from '../drive/remote-path.js';
import { formatBytes } from '../terminal/progress.js';
import { shortDate, table } from '../terminal/format.js';
import { positiveInteger } from './get.js';
import { type Run } from './runner.js';

/** `coffre versions <path>` and `coffre versions restore <path> <n>`. */
export function registerVersions(program: Command, run: Run): void {
  const versions = program.command('versions').description("list a file's versions; `versions restore <path> <n>` makes one current again");
  versions
    .command('list', { isDefault: true })
    .description("list a file's stored versions, newest first (* marks the current one)")
    .argument('<path>', 'a file in the drive')
    .action(
      run(async (context, target: string) => {
        const { drive } = await openDrive(context);
        const { node, path } = await resolveRemote(drive, target);
        // A restored version is a copy of an older one (same content, same `encryptedAs`), so the
        // SDK flags both as current; the newest of them is the one the file shows.
        const stored = await drive.versions(node);
        const firstCurrent = stored.findIndex((version) => version.current);
        const list = stored.map((version, index) => ({ ...version, current: index === firstCurrent }));
        context.result({ path: formatRemotePath(path), versions: list }, () =>
          table([
            ['', 'VERSION', 'STORED', 'CREATED'],
            // Sizes are of the stored ciphertext: the plaintext size of a past version is inside it.
            ...list.map((version) => [version.current ? '*' : '', String(version.number), formatBytes(version.ciphertextSize), shortDate(version.createdAt)]),
          ]),
        );
      }),
    );
  versions
    .command('restore')
    .description('make an older version the current content again (added as the newest version)')
    .argument('<path>', 'a file in the drive')
    .argument('<n>', 'the version number, as `coffre versions <path>` lists them', positiveInteger)
    .action(
      run(async (context, target: string, number: number) => {
        const { drive } = await openDrive(context);
        const { node, path } = await resolveRemote(drive, target);
        const restored = await drive.restoreVersion(node, number);
        context.result({ path: formatRemotePath(path), restored: number, version: restored.version, node: restored.node }, () =>
          `Version ${number} of ${formatRemotePath(path)} is current again, as version ${restored.version.number}.`,
        );
      }),
    );
}

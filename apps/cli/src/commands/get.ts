import { once } from 'node:events';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { type Drive, type DriveNode } from '@coffre/sdk/drive';
import { type Command, InvalidArgumentError } from 'commander';
import { CliError } from '../cli-error.js';
import { type CommandContext } from '../context.js';
import { localKind, localName } from '../drive/local-files.js';
import { openDrive } from '../drive/open-drive.js';
import { type RemotePath, childPath, formatRemotePath, resolveRemote } from '../drive/remote-path.js';
import { saveFile } from '../drive/save-file.js';
import { formatBytes } from '../terminal/progress.js';
import { type Run } from './runner.js';

interface GetOptions {
  number?: number;
  force?: boolean;
}

/** A saved file, for --json. */
interface Saved {
  path: string;
  local: string;
  size: number;
}

/** `coffre get <remote> [local]`: downloads a file or a whole folder. */
export function registerGet(program: Command, run: Run): void {
  program
    .command('get')
    .description('download a file or a folder (recursively); every byte is verified before it is kept')
    .argument('<remote>', 'the file or folder in the drive')
    .argument('[local]', 'where to put it: an existing folder (it goes inside), a new name, or - for stdout (default: here)')
    // Not --version: that is the program's own flag, which commander sees anywhere on the line.
    .option('-n, --number <n>', 'get this version of a file, as `coffre versions` numbers them', positiveInteger)
    .option('--force', 'replace local files that exist')
    .action(
      run(async (context, remote: string, local: string | undefined, options: GetOptions) => {
        const { drive } = await openDrive(context);
        const { node, path: remotePath } = await resolveRemote(drive, remote);
        if (options.number !== undefined && node.kind !== 'file') throw new CliError('USAGE', '--number applies to files only.');
        if (local === '-') {
          if (node.kind !== 'file') throw new CliError('USAGE', 'Only a file can be written to stdout.');
          await toStdout(context, drive, node, options);
          return;
        }
        const name = localName(node.name === '' ? 'coffre' : node.name);
        const destination = local === undefined ? name : (await localKind(local)) === 'folder' ? path.join(local, name) : local;
        const saved: Saved[] = [];
        if (node.kind === 'file') {
          await getFile(context, drive, node, formatRemotePath(remotePath), destination, options, saved);
        } else {
          await getFolder(context, drive, node, remotePath, destination, options, saved);
        }
        context.result({ files: saved });
      }),
    );
}

async function getFile(context: CommandContext, drive: Drive, node: DriveNode, display: string, destination: string, options: GetOptions, saved: Saved[]): Promise<void> {
  await saveFile(
    context,
    node,
    destination,
    `get ${display}`,
    (callbacks) => drive.download(node, { ...callbacks, ...(options.number !== undefined && { version: options.number }) }),
    options.force === true,
  );
  saved.push({ path: display, local: destination, size: node.size });
  context.say(`${destination}  ${formatBytes(node.size)}`);
}

/**
 * Streams a file to stdout. Chunks are written as they authenticate, so a tampered chunk stops
 * the stream with exit code 8 after the verified bytes before it: a pipeline must check the code.
 */
async function toStdout(context: CommandContext, drive: Drive, node: DriveNode, options: GetOptions): Promise<void> {
  const download = await drive.download(node, options.number === undefined ? {} : { version: options.number });
  const { stdout } = context.io;
  for await (const chunk of download.stream) {
    if (!stdout.write(chunk)) await once(stdout, 'drain');
  }
}

async function getFolder(context: CommandContext, drive: Drive, folder: DriveNode, folderPath: RemotePath, destination: string, options: GetOptions, saved: Saved[]): Promise<void> {
  const kind = await localKind(destination);
  if (kind === 'file' || kind === 'other') throw new CliError('ALREADY_EXISTS', `${destination} exists and is not a folder.`);
  await mkdir(destination, { recursive: true });
  for (const child of await drive.list(folder)) {
    const target = path.join(destination, localName(child.name));
    const childRemote = childPath(folderPath, child.name);
    if (child.kind === 'folder') await getFolder(context, drive, child, childRemote, target, options, saved);
    else if (child.contentVersion === null) context.note(`coffre: skipped ${formatRemotePath(childRemote)}: its upload never finished.`);
    else await getFile(context, drive, child, formatRemotePath(childRemote), target, options, saved);
  }
}

/** Commander parser for a whole number from 1. */
export function positiveInteger(value: string): number {
  if (!/^[1-9]\d{0,14}$/.test(value)) throw new InvalidArgumentError('must be a whole number from 1.');
  return Number(value);
}

// Saving a drive file to a local path: verified chunks only (the SDK writes to a temporary file
// and renames it once every chunk authenticated), with a progress bar and the file's time.
import { utimes } from 'node:fs/promises';
import { type Download, type DriveNode, type ReadOptions } from '@coffre/sdk/drive';
import { saveDownload } from '@coffre/sdk/drive-node';
import { CliError } from '../cli-error.js';
import { type CommandContext } from '../context.js';
import { localKind } from './local-files.js';

/**
 * Downloads `open()`'s stream into `destination`, refusing to replace an existing file unless
 * `force`, and sets the file's modification time to the one the drive recorded.
 * @throws CliError ALREADY_EXISTS; DriveError TAMPERED (nothing is written then).
 */
export async function saveFile(
  context: CommandContext,
  node: DriveNode,
  destination: string,
  label: string,
  open: (callbacks: Required<Pick<ReadOptions, 'onProgress' | 'onRetry'>>) => Promise<Download>,
  force: boolean,
): Promise<void> {
  const existing = await localKind(destination);
  if (existing === 'folder' || existing === 'other') throw new CliError('ALREADY_EXISTS', `${destination} exists and is not a file.`);
  if (existing === 'file' && !force) throw new CliError('ALREADY_EXISTS', `${destination} exists; add --force to replace it.`);
  const progress = context.progress(label, node.size);
  try {
    const download = await open({
      onProgress: ({ done }) => progress.update(done),
      // A download that broke off and resumed is worth knowing about when asked for details.
      onRetry: ({ chunk, attempt, error }) => {
        if (context.verbose) context.note(`coffre: ${label}: the transfer broke off (${describeCause(error)}); resuming at chunk ${chunk} (retry ${attempt})`);
      },
    });
    await saveDownload(download, destination);
  } finally {
    progress.stop();
  }
  if (node.mtime !== null) {
    const mtime = new Date(node.mtime);
    await utimes(destination, mtime, mtime);
  }
}

function describeCause(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

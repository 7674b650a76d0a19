import path from 'node:path';
import { type DriveNode } from '@coffre/sdk/drive';
import { fileSource, uploadStateKey } from '@coffre/sdk/drive-node';
import { type Command } from 'commander';
import { CliError } from '../cli-error.js';
import { type CommandContext } from '../context.js';
import { localKind, walkLocal } from '../drive/local-files.js';
import { type DriveSession, openDrive } from '../drive/open-drive.js';
import { type RemotePath, childPath, formatRemotePath, resolveDestination } from '../drive/remote-path.js';
import { uploadStates } from '../drive/upload-states.js';
import { formatBytes } from '../terminal/progress.js';
import { type Run } from './runner.js';

/** What happened to one local file. */
interface PutOutcome {
  local: string;
  path: string;
  nodeId: string;
  size: number;
  /** The new version's number; null when the file was skipped. */
  version: number | null;
  status: 'uploaded' | 'resumed' | 'restarted' | 'unchanged';
  partsSent: number;
}

interface PutOptions {
  force?: boolean;
}

/** `coffre put <local...> [remote]`: uploads files and whole folders, resuming interrupted uploads. */
export function registerPut(program: Command, run: Run): void {
  program
    .command('put')
    .description('upload files and folders (recursively); re-running an interrupted put resumes it')
    .argument('<paths...>', 'local files or folders, then the remote destination (default: /)')
    .option('--force', 'upload files even when the drive holds them with the same size and time')
    .addHelpText(
      'after',
      '\nWith one path, it goes to the root. With several, the last one is the destination: an existing\n' +
        'folder (things go inside, under their own names), or a new name for a single file or folder.\n' +
        'A file that exists already gets a new version; one with the same size and modification time is\n' +
        'skipped (unless --force). Symbolic links inside folders are not followed.\n\n' +
        'Examples:\n  coffre put notes.txt\n  coffre put photos/ /backup\n  coffre put report.pdf /docs/report-2026.pdf',
    )
    .action(
      run(async (context, paths: string[], options: PutOptions) => {
        const sources = paths.length === 1 ? paths : paths.slice(0, -1);
        const destination = paths.length === 1 ? '/' : paths.at(-1)!;
        const session = await openDrive(context);
        const target = await resolveDestination(session.drive, destination);
        if (target.name !== undefined && sources.length > 1) throw new CliError('USAGE', `Several sources go into a folder, and "${destination}" is not one.`);
        const outcomes: PutOutcome[] = [];
        const skipped: { local: string; reason: string }[] = [];
        const put = new Putter(context, session, options, outcomes, skipped);
        for (const source of sources) {
          const kind = await localKind(source);
          const name = target.name ?? path.basename(path.resolve(source));
          if (kind === 'missing') throw Object.assign(new Error(`ENOENT: ${source}`), { code: 'ENOENT', path: source });
          if (kind === 'file') await put.file(source, target.folder, target.folderPath, name);
          else if (kind === 'folder') await put.folder(source, target.folder, target.folderPath, name);
          else throw new CliError('USAGE', `${source} is neither a file nor a folder.`);
        }
        context.result({ files: outcomes, skipped });
      }),
    );
}

/** Uploads one file or folder tree after another, remembering each folder's listing. */
class Putter {
  private readonly listings = new Map<string, DriveNode[]>();
  private readonly store;

  constructor(
    private readonly context: CommandContext,
    private readonly session: DriveSession,
    private readonly options: PutOptions,
    private readonly outcomes: PutOutcome[],
    private readonly skipped: { local: string; reason: string }[],
  ) {
    this.store = uploadStates(context.config.stateDir);
  }

  async folder(local: string, parent: DriveNode, parentPath: RemotePath, name: string): Promise<void> {
    const root = await this.ensureFolder(parent, name);
    const folders = new Map<string, { node: DriveNode; path: RemotePath }>([['', { node: root, path: childPath(parentPath, name) }]]);
    for await (const entry of walkLocal(local)) {
      const slash = entry.relative.lastIndexOf('/');
      const within = folders.get(slash === -1 ? '' : entry.relative.slice(0, slash))!;
      const entryName = entry.relative.slice(slash + 1);
      if (entry.kind === 'folder') {
        folders.set(entry.relative, { node: await this.ensureFolder(within.node, entryName), path: childPath(within.path, entryName) });
      } else if (entry.kind === 'file') {
        await this.file(entry.absolute, within.node, within.path, entryName);
      } else {
        this.skipped.push({ local: entry.absolute, reason: 'not a regular file or folder (symbolic links are not followed)' });
        this.context.note(`coffre: skipped ${entry.absolute}: not a regular file or folder.`);
      }
    }
  }

  async file(local: string, folder: DriveNode, folderPath: RemotePath, name: string): Promise<void> {
    const { drive, accountId } = this.session;
    const display = formatRemotePath(childPath(folderPath, name));
    const key = uploadStateKey({ accountId, localPath: local, parentId: folder.id, name });
    const source = await fileSource(local);
    try {
      const existing = (await this.children(folder)).find((child) => child.name === name.normalize('NFC'));
      const pending = (await this.store.get(key)) !== undefined;
      if (!this.options.force && !pending && existing?.kind === 'file' && existing.contentVersion !== null && existing.size === source.size && existing.mtime === source.mtime) {
        this.record({ local, path: display, nodeId: existing.id, size: source.size, version: null, status: 'unchanged', partsSent: 0 });
        return;
      }
      const progress = this.context.progress(`put ${display}`, source.size);
      try {
        const result = await drive.upload(source, {
          parent: folder,
          name,
          resume: { key, store: this.store },
          onProgress: ({ done }) => progress.update(done),
        });
        this.remember(folder, result.node);
        const status = result.resumed ? 'resumed' : result.restarted ? 'restarted' : 'uploaded';
        this.record({ local, path: display, nodeId: result.node.id, size: source.size, version: result.version.number, status, partsSent: result.partsSent });
      } finally {
        progress.stop();
      }
    } finally {
      await source.close?.();
    }
  }

  private record(outcome: PutOutcome): void {
    this.outcomes.push(outcome);
    const what = {
      uploaded: `version ${outcome.version}`,
      resumed: `version ${outcome.version}, resumed an interrupted upload`,
      restarted: `version ${outcome.version}; an interrupted upload could not resume safely and started over`,
      unchanged: 'unchanged, skipped',
    }[outcome.status];
    this.context.say(`${outcome.path}  ${formatBytes(outcome.size)}  ${what}`);
  }

  private async ensureFolder(parent: DriveNode, name: string): Promise<DriveNode> {
    const existing = (await this.children(parent)).find((child) => child.name === name.normalize('NFC'));
    if (existing?.kind === 'folder') return existing;
    if (existing !== undefined) throw new CliError('ALREADY_EXISTS', `"${name}" exists in the drive as a file, not a folder.`);
    const created = await this.session.drive.mkdir(parent, name);
    this.remember(parent, created);
    return created;
  }

  private async children(folder: DriveNode): Promise<DriveNode[]> {
    let children = this.listings.get(folder.id);
    if (children === undefined) {
      children = await this.session.drive.list(folder);
      this.listings.set(folder.id, children);
    }
    return children;
  }

  /** Keeps a folder's cached listing current after this command added or changed `node` in it. */
  private remember(folder: DriveNode, node: DriveNode): void {
    const children = this.listings.get(folder.id);
    if (children !== undefined) this.listings.set(folder.id, [...children.filter((child) => child.id !== node.id), node]);
  }
}

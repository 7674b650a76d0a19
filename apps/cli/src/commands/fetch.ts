import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { DriveError, type LinkSession, createPublicLinkHttpApi, openLink } from '@coffre/sdk/drive';
import { type Command } from 'commander';
import { CliError } from '../cli-error.js';
import { type CommandContext } from '../context.js';
import { localKind, localName } from '../drive/local-files.js';
import { saveFile } from '../drive/save-file.js';
import { formatBytes } from '../terminal/progress.js';
import { type Run } from './runner.js';

/** `coffre fetch <link> <out>`: downloads what a link points to; no account needed. */
export function registerFetch(program: Command, run: Run): void {
  program
    .command('fetch')
    .description('download what a share link points to (no account needed); asks for its password if it has one')
    .argument('<link>', 'the whole link, https://…/s/<id>#<key> (quote it: the shell treats # and & specially)')
    .argument('<out>', 'where to put it: an existing folder (it goes inside), or a new name')
    .option('--force', 'replace local files that exist')
    .addHelpText('after', '\nOpening the link spends one of its downloads, if it has a limit. The API is --server, COFFRE_SERVER,\nconfig.json\'s "server", or the local default; the link\'s own address is the web drive\'s.')
    .action(
      run(async (context, link: string, out: string, options: { force?: boolean }) => {
        const server = await context.server();
        const api = createPublicLinkHttpApi({ baseUrl: server, fetch: context.fetch });
        const opened = await open(context, () => openLink(api, link, withPassword(context.config.secrets.linkPassword)), (password) => openLink(api, link, { password }));
        const name = localName(opened.node.name);
        const destination = (await localKind(out)) === 'folder' ? path.join(out, name) : out;
        const saved: { path: string; local: string; size: number }[] = [];
        if (opened.node.kind === 'file') {
          await fetchFile(context, opened, opened.node, name, destination, options.force === true, saved);
        } else {
          await fetchFolder(context, opened, opened.node, '', destination, options.force === true, saved);
        }
        context.result({ kind: opened.node.kind, name: opened.node.name, files: saved });
      }),
    );
}

/** Recreates `folder` at `destination`, empty subfolders included, and fetches every file in it. */
async function fetchFolder(
  context: CommandContext,
  opened: LinkSession,
  folder: LinkSession['node'],
  display: string,
  destination: string,
  force: boolean,
  saved: { path: string; local: string; size: number }[],
): Promise<void> {
  const kind = await localKind(destination);
  if (kind === 'file' || kind === 'other') throw new CliError('ALREADY_EXISTS', `${destination} exists and is not a folder.`);
  await mkdir(destination, { recursive: true });
  for (const child of await opened.list(folder)) {
    const childDisplay = display === '' ? child.name : `${display}/${child.name}`;
    const target = path.join(destination, localName(child.name));
    if (child.kind === 'folder') await fetchFolder(context, opened, child, childDisplay, target, force, saved);
    else if (child.contentVersion === null) context.note(`coffre: skipped ${childDisplay}: its upload never finished.`);
    else await fetchFile(context, opened, child, childDisplay, target, force, saved);
  }
}

async function fetchFile(
  context: CommandContext,
  opened: LinkSession,
  node: LinkSession['node'],
  display: string,
  destination: string,
  force: boolean,
  saved: { path: string; local: string; size: number }[],
): Promise<void> {
  await saveFile(context, node, destination, `fetch ${display}`, (callbacks) => opened.download(node, callbacks), force);
  saved.push({ path: display, local: destination, size: node.size });
  context.say(`${destination}  ${formatBytes(node.size)}`);
}

function withPassword(password: string | undefined): { password?: string } {
  return password === undefined ? {} : { password };
}

/** Opens the link; when it turns out to need a password and none was set, asks for one (on a terminal). */
async function open(context: CommandContext, first: () => Promise<LinkSession>, withAsked: (password: string) => Promise<LinkSession>): Promise<LinkSession> {
  try {
    return await first();
  } catch (error) {
    if (!(error instanceof DriveError && error.code === 'PASSWORD_REQUIRED')) throw error;
    if (!context.io.stdin.isTTY) throw new CliError('NO_SECRET', 'This link is protected by a password: set COFFRE_LINK_PASSWORD, or run coffre in a terminal to be asked.');
    return withAsked(await context.secret('linkPassword'));
  }
}

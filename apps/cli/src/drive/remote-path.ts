// Paths in the drive, as people type them:
//
//   /docs/report.pdf, docs/report.pdf   in the account's own drive (always from its root)
//   shared:Holidays/photos/1.jpg         in a folder another account shared with this one
//                                        (by the folder's name, or by the share's id)
//
// An own folder whose name starts with "shared:" is written with a leading slash.
import { type Drive, type DriveNode, DriveError } from '@coffre/sdk/drive';
import { CliError } from '../cli-error.js';

const SHARED_PREFIX = 'shared:';

/** A path split into where it starts and the names below that. */
export interface RemotePath {
  /** Undefined: the account's root; else the shared folder's name or share id. */
  shared: string | undefined;
  names: string[];
}

/** Splits a typed path. "shared:" alone names the list of shared folders (names empty, shared ''). */
export function parseRemotePath(text: string): RemotePath {
  if (text.startsWith(SHARED_PREFIX)) {
    const [root = '', ...names] = text.slice(SHARED_PREFIX.length).split('/').filter((segment) => segment !== '');
    return { shared: root, names };
  }
  return { shared: undefined, names: text.split('/').filter((segment) => segment !== '') };
}

/** How a remote path is written back: "/a/b" or "shared:x/a/b". */
export function formatRemotePath(path: RemotePath): string {
  return path.shared === undefined ? `/${path.names.join('/')}` : `${SHARED_PREFIX}${[path.shared, ...path.names].join('/')}`;
}

/** The path of `name` inside the folder at `parent`. */
export function childPath(parent: RemotePath, name: string): RemotePath {
  return { shared: parent.shared, names: [...parent.names, name] };
}

/**
 * The folder a path starts from: the root, or the shared folder it names.
 * @throws CliError NOT_FOUND / USAGE for an unknown or ambiguous shared folder.
 */
export async function baseOf(drive: Drive, path: RemotePath): Promise<DriveNode> {
  if (path.shared === undefined) return drive.root();
  if (path.shared === '') throw new CliError('USAGE', 'Name the shared folder: shared:<folder name or share id>/...');
  const roots = await drive.listShared();
  const byId = roots.filter((root) => root.shared?.shareId === path.shared);
  const byName = roots.filter((root) => root.name === path.shared);
  const matches = byId.length > 0 ? byId : byName;
  if (matches.length === 0) throw new CliError('NOT_FOUND', `No folder named "${path.shared}" is shared with you (see \`coffre ls shared:\`; accept offers with \`coffre shares accept\`).`);
  if (matches.length > 1) {
    throw new CliError('USAGE', `Several shared folders are named "${path.shared}"; use the share id: ${matches.map((root) => `shared:${root.shared?.shareId}`).join(', ')}.`);
  }
  return matches[0]!;
}

/** The node at a typed path. @throws DriveError NOT_FOUND, NOT_A_FOLDER; CliError for shared roots. */
export async function resolveRemote(drive: Drive, text: string): Promise<{ node: DriveNode; path: RemotePath }> {
  const path = parseRemotePath(text);
  const base = await baseOf(drive, path);
  const node = path.names.length === 0 ? base : await drive.resolve(path.names.join('/'), base);
  return { node, path };
}

/**
 * Where something named by `text` should go: an existing folder (then the thing keeps its own
 * name inside it), or a new name inside an existing folder.
 */
export async function resolveDestination(drive: Drive, text: string): Promise<{ folder: DriveNode; name: string | undefined; folderPath: RemotePath }> {
  const path = parseRemotePath(text);
  const base = await baseOf(drive, path);
  if (path.names.length === 0) return { folder: base, name: undefined, folderPath: path };
  try {
    const node = await drive.resolve(path.names.join('/'), base);
    if (node.kind === 'folder') return { folder: node, name: undefined, folderPath: path };
  } catch (error) {
    if (!(error instanceof DriveError && error.code === 'NOT_FOUND')) throw error;
  }
  const parentNames = path.names.slice(0, -1);
  const folder = parentNames.length === 0 ? base : await drive.resolve(parentNames.join('/'), base);
  if (folder.kind !== 'folder') throw new DriveError('NOT_A_FOLDER', `"${formatRemotePath({ shared: path.shared, names: parentNames })}" is a file, not a folder.`);
  return { folder, name: path.names.at(-1), folderPath: { shared: path.shared, names: parentNames } };
}

// Finding a node by path or by id, trash included: what `rm --permanent` and `restore` act on.
import { type Drive, type DriveNode, DriveError } from '@coffre/sdk/drive';
import { ApiError } from '@coffre/sdk/errors';
import { CliError } from '../cli-error.js';
import { baseOf, parseRemotePath, resolveRemote } from './remote-path.js';

const NODE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a node id as `coffre ls --trash` shows them. */
export function isNodeId(text: string): boolean {
  return NODE_ID.test(text);
}

/** The live node at a path, or the node with an id (trash included). */
export async function findNode(drive: Drive, reference: string): Promise<DriveNode> {
  if (isNodeId(reference)) return nodeById(drive, reference.toLowerCase());
  return (await resolveRemote(drive, reference)).node;
}

/**
 * The node with `id`, live or trashed. The API answers a trashed node's id with 404 (only the
 * trash listing shows them), so a miss is looked up there.
 * @throws CliError NOT_FOUND when neither has it.
 */
async function nodeById(drive: Drive, id: string): Promise<DriveNode> {
  try {
    return await drive.get(id);
  } catch (error) {
    const missing = (error instanceof ApiError || error instanceof DriveError) && error.code === 'NOT_FOUND';
    if (!missing) throw error;
  }
  const trashed = (await drive.listTrash()).find((node) => node.id === id);
  if (trashed === undefined) throw new CliError('NOT_FOUND', `No file or folder has the id ${id}.`);
  return trashed;
}

/**
 * The trashed node a path names: one in the trash whose name is the path's last segment and
 * whose parent is the folder the rest of the path names (the most recently trashed, if several).
 * @throws CliError NOT_FOUND when none is.
 */
export async function findTrashed(drive: Drive, reference: string): Promise<DriveNode> {
  if (isNodeId(reference)) return nodeById(drive, reference.toLowerCase());
  const path = parseRemotePath(reference);
  const name = path.names.at(-1);
  if (name === undefined) throw new CliError('USAGE', 'Name what to restore, by path or by the id `coffre ls --trash` shows.');
  let parentId: string;
  try {
    const base = await baseOf(drive, path);
    parentId = path.names.length === 1 ? base.id : (await drive.resolve(path.names.slice(0, -1).join('/'), base)).id;
  } catch (error) {
    if (error instanceof DriveError && error.code === 'NOT_FOUND') throw new CliError('NOT_FOUND', `Nothing at "${reference}" is in the trash (its folder is gone too: use the id \`coffre ls --trash\` shows).`);
    throw error;
  }
  const candidates = (await drive.listTrash()).filter((node) => node.parentId === parentId && node.name === name.normalize('NFC'));
  candidates.sort((a, b) => (b.trashedAt ?? '').localeCompare(a.trashedAt ?? ''));
  if (candidates[0] === undefined) throw new CliError('NOT_FOUND', `Nothing at "${reference}" is in the trash.`);
  return candidates[0];
}

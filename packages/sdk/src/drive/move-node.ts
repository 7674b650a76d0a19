import { ApiError } from '../errors.js';
import { DriveError } from './drive-error.js';
import { type DriveContext } from './drive-context.js';
import { type DriveNode } from './drive-node.js';
import { findChild } from './list-folder.js';
import { normalizeName } from './node-name.js';
import { updateRecord } from './update-node.js';

/**
 * Renames a node in place (a new record version, signed).
 * @throws DriveError NAME_TAKEN, INVALID_NAME, NOT_ALLOWED (a root).
 */
export async function renameNode(context: DriveContext, node: DriveNode, parent: DriveNode, name: string): Promise<DriveNode> {
  const normalized = normalizeName(name);
  if (normalized === node.name) return node;
  await ensureFree(context, parent, normalized);
  return updateRecord(context, node, () => ({ name: normalized }));
}

/**
 * Moves a node into `target` (optionally renaming it): its key is rewrapped under the target's
 * key, its name and metadata re-sealed with the new parent id, and the record signed again.
 * @throws DriveError NOT_A_FOLDER, NAME_TAKEN, NOT_ALLOWED (into itself or below itself, or into
 *   a folder of another owner, whose tree the node's envelopes cannot be bound to).
 */
export async function moveNode(context: DriveContext, node: DriveNode, target: DriveNode, name?: string): Promise<DriveNode> {
  if (target.kind !== 'folder') throw new DriveError('NOT_A_FOLDER', `"${target.name}" is not a folder.`);
  if (target.ownerId !== node.ownerId) throw new DriveError('NOT_ALLOWED', 'A node cannot move into a folder of another owner; copy it instead.');
  const newName = name === undefined ? node.name : normalizeName(name);
  if (target.id === node.parentId && newName === node.name) return node;
  if (node.kind === 'folder') await ensureNotWithin(context, target.id, node.id);
  await ensureFree(context, target, newName);
  return updateRecord(context, node, () => ({ parent: target, name: newName }));
}

async function ensureFree(context: DriveContext, folder: DriveNode, name: string): Promise<void> {
  if ((await findChild(context, folder, name)) !== undefined) {
    throw new DriveError('NAME_TAKEN', `"${name}" already exists in "${folder.name || '/'}".`);
  }
}

/** Refuses a move of folder `nodeId` to `targetId` when the target is the folder or lies below it. */
async function ensureNotWithin(context: DriveContext, targetId: string, nodeId: string): Promise<void> {
  const seen = new Set<string>();
  for (let id: string | null = targetId; id !== null; ) {
    if (id === nodeId) throw new DriveError('NOT_ALLOWED', 'A folder cannot move into itself or into one of its subfolders.');
    if (seen.has(id)) break; // the server's answers loop: its own check decides
    seen.add(id);
    try {
      id = (await context.api.getNode(id)).parentId;
    } catch (error) {
      // Above the root of a folder shared with this account: not reachable, and not the node.
      if (error instanceof ApiError && error.code === 'NOT_FOUND') break;
      throw error;
    }
  }
}

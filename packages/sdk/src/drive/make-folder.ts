import { ApiError } from '../errors.js';
import { DriveError } from './drive-error.js';
import { type DriveContext, newNodeId, newNodeKey } from './drive-context.js';
import { type DriveNode, keysOf } from './drive-node.js';
import { findChild } from './list-folder.js';
import { type NodeMetadata } from './node-metadata.js';
import { normalizeName } from './node-name.js';
import { sealNodeRecord } from './node-record.js';
import { openChild } from './open-node.js';

/**
 * Creates a node (version 1) under `parent`, with a fresh random key wrapped under the parent's.
 * @throws DriveError NAME_TAKEN when the folder already holds that name; NOT_A_FOLDER;
 *   INVALID_NAME.
 */
export async function createChild(context: DriveContext, parent: DriveNode, name: string, metadata: NodeMetadata): Promise<DriveNode> {
  if (parent.kind !== 'folder') throw new DriveError('NOT_A_FOLDER', `"${parent.name}" is not a folder.`);
  const normalized = normalizeName(name);
  if ((await findChild(context, parent, normalized)) !== undefined) {
    throw new DriveError('NAME_TAKEN', `"${normalized}" already exists in "${parent.name || '/'}".`);
  }
  const parentKey = keysOf(parent).nodeKey;
  const id = newNodeId();
  const sealed = sealNodeRecord(
    { nodeId: id, ownerId: parent.ownerId, parentId: parent.id, parentKey, nodeKey: newNodeKey(), version: 1, name: normalized, metadata },
    context.keys.signing.secretKey,
  );
  const view = await context.api.createNode({ id, parentId: parent.id, kind: metadata.kind, version: 1, ...sealed });
  return openChild(context, view, { id: parent.id, ownerId: parent.ownerId, nodeKey: parentKey });
}

/** Creates a folder named `name` in `parent`. */
export function makeFolder(context: DriveContext, parent: DriveNode, name: string): Promise<DriveNode> {
  return createChild(context, parent, name, { kind: 'folder', size: 0, mtime: Date.now(), mediaType: null, contentVersion: null });
}

/**
 * Creates every missing folder of `names` below `base` (like `mkdir -p`) and returns the last.
 * @throws DriveError NOT_A_FOLDER when one of them exists as a file.
 */
export async function makeFolders(context: DriveContext, base: DriveNode, names: string[]): Promise<DriveNode> {
  let folder = base;
  for (const name of names) {
    const existing = await findChild(context, folder, name);
    if (existing !== undefined && existing.kind !== 'folder') throw new DriveError('NOT_A_FOLDER', `"${name}" exists and is a file.`);
    try {
      folder = existing ?? (await makeFolder(context, folder, name));
    } catch (error) {
      // Created by someone else between the listing and the creation.
      if (!(error instanceof DriveError && error.code === 'NAME_TAKEN') && !(error instanceof ApiError && error.code === 'CONFLICT')) throw error;
      folder = (await findChild(context, folder, name)) ?? folder;
    }
  }
  return folder;
}

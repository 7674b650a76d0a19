import { ApiError } from '../errors.js';
import { DriveError } from './drive-error.js';
import { type DriveContext } from './drive-context.js';
import { type DriveNode, keysOf, metadataOf } from './drive-node.js';
import { type NodeMetadata } from './node-metadata.js';
import { sealNodeRecord } from './node-record.js';
import { openChild } from './open-node.js';

/** A change to a node record; what is left out stays as it is. */
export interface RecordChange {
  /** Moves the node: the new parent folder. */
  parent?: DriveNode;
  name?: string;
  metadata?: NodeMetadata;
}

/**
 * Writes a new version of a node's record: re-seals its key under the (new) parent's key and its
 * name and metadata with the new binding, signs it, and sends it. When another client changed the
 * node first (409 CONFLICT), reloads it once and applies `change` to the fresh record.
 * @throws DriveError NOT_ALLOWED for a root folder or the root of a share; ApiError CONFLICT when
 *   the node keeps changing.
 */
export async function updateRecord(context: DriveContext, node: DriveNode, change: (current: DriveNode) => RecordChange): Promise<DriveNode> {
  try {
    return await writeRecord(context, node, change(node));
  } catch (error) {
    if (!(error instanceof ApiError && error.code === 'CONFLICT')) throw error;
    const fresh = await reloadNode(context, node);
    return writeRecord(context, fresh, change(fresh));
  }
}

async function writeRecord(context: DriveContext, node: DriveNode, change: RecordChange): Promise<DriveNode> {
  const { nodeKey, parentKey } = keysOf(node);
  if (node.parentId === null || parentKey === undefined) {
    throw new DriveError('NOT_ALLOWED', 'The root of a drive or of a shared folder cannot be renamed or moved.');
  }
  const parentId = change.parent?.id ?? node.parentId;
  const newParentKey = change.parent === undefined ? parentKey : keysOf(change.parent).nodeKey;
  const version = node.version + 1;
  const sealed = sealNodeRecord(
    {
      nodeId: node.id,
      ownerId: node.ownerId,
      parentId,
      parentKey: newParentKey,
      nodeKey,
      version,
      name: change.name ?? node.name,
      metadata: change.metadata ?? metadataOf(node),
    },
    context.keys.signing.secretKey,
  );
  const view = await context.api.updateNode(node.id, { parentId, version, ...sealed });
  return openChild(context, view, { id: parentId, ownerId: node.ownerId, nodeKey: newParentKey });
}

/**
 * The node's current record, verified under the parent it is known to have.
 * @throws DriveError TAMPERED if it moved elsewhere meanwhile (its key is then wrapped under
 *   another folder's key; list that folder instead).
 */
export async function reloadNode(context: DriveContext, node: DriveNode): Promise<DriveNode> {
  const { parentKey } = keysOf(node);
  if (node.parentId === null || parentKey === undefined) throw new DriveError('NOT_ALLOWED', 'A root is reloaded through the drive or the share.');
  const view = await context.api.getNode(node.id);
  return openChild(context, view, { id: node.parentId, ownerId: node.ownerId, nodeKey: parentKey });
}

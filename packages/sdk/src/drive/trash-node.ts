import { type NodeView } from '../drive-types.js';
import { type DriveContext } from './drive-context.js';
import { type DriveNode, keysOf } from './drive-node.js';
import { openChild, openWithKey } from './open-node.js';

/** Moves a node (and everything under it) to the trash. */
export async function trashNode(context: DriveContext, node: DriveNode): Promise<DriveNode> {
  return reopen(context, node, await context.api.trashNode(node.id));
}

/** Takes a node out of the trash, back where it was. */
export async function restoreNode(context: DriveContext, node: DriveNode): Promise<DriveNode> {
  return reopen(context, node, await context.api.restoreNode(node.id));
}

/** Deletes a node and everything under it for good; the storage is freed by a job. */
export async function deleteNode(context: DriveContext, node: DriveNode): Promise<void> {
  await context.api.deleteNode(node.id);
}

/** Trashing does not change the signed record: the answer must verify as the same node. */
function reopen(context: DriveContext, node: DriveNode, view: NodeView): Promise<DriveNode> {
  const keys = keysOf(node);
  if (keys.parentKey === undefined || node.parentId === null) return openWithKey(context, view, keys.nodeKey, node.shared);
  return openChild(context, view, { id: node.parentId, ownerId: node.ownerId, nodeKey: keys.parentKey });
}

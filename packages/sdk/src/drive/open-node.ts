import { type NodeView } from '../drive-types.js';
import { type VerifyContext } from './drive-context.js';
import { type DriveNode, type SharedAccess, makeNode } from './drive-node.js';
import { openNodeRecord } from './node-record.js';

/** Verifies and decrypts a child record listed under `parent` (whose key wraps the child's). */
export async function openChild(context: VerifyContext, view: NodeView, parent: { id: string; ownerId: string; nodeKey: Uint8Array }): Promise<DriveNode> {
  const opened = openNodeRecord(view, {
    writerKey: await context.writers.keyFor(view.writerId, view.writerSigningPublicKey),
    key: { parentKey: parent.nodeKey },
    parentId: parent.id,
    ownerId: parent.ownerId,
    guard: context.guard,
  });
  return makeNode(view, opened.name, opened.metadata, { nodeKey: opened.nodeKey, parentKey: parent.nodeKey }, null);
}

/** Verifies and decrypts the record of a node whose key is known already (a share's root). */
export async function openWithKey(context: VerifyContext, view: NodeView, nodeKey: Uint8Array, shared: SharedAccess | null): Promise<DriveNode> {
  const opened = openNodeRecord(view, { writerKey: await context.writers.keyFor(view.writerId, view.writerSigningPublicKey), key: { nodeKey }, guard: context.guard });
  return makeNode(view, opened.name, opened.metadata, { nodeKey, parentKey: undefined }, shared);
}

import { ApiError } from '../errors.js';
import { type DriveContext, newNodeId, newNodeKey } from './drive-context.js';
import { type DriveNode, makeNode } from './drive-node.js';
import { openNodeRecord, sealNodeRecord } from './node-record.js';
import { type NodeView } from '../drive-types.js';

/**
 * The account's root folder, created on first use. Its key is wrapped under the root key and its
 * record must be signed by the account itself: a server cannot plant a root.
 * @throws DriveError TAMPERED if the stored root does not verify.
 */
export async function ensureRoot(context: DriveContext): Promise<DriveNode> {
  if (context.root !== undefined) return context.root;
  let view: NodeView;
  try {
    view = await context.api.getRootNode();
  } catch (error) {
    if (!(error instanceof ApiError && error.code === 'NOT_FOUND')) throw error;
    view = await createRoot(context);
  }
  const opened = openNodeRecord(view, {
    writerKey: context.keys.signing.publicKey,
    key: { parentKey: context.keys.rootKey },
    parentId: null,
    ownerId: context.accountId,
    guard: context.guard,
  });
  context.root = makeNode(view, opened.name, opened.metadata, { nodeKey: opened.nodeKey, parentKey: context.keys.rootKey }, null);
  return context.root;
}

async function createRoot(context: DriveContext): Promise<NodeView> {
  const id = newNodeId();
  const sealed = sealNodeRecord(
    {
      nodeId: id,
      ownerId: context.accountId,
      parentId: null,
      parentKey: context.keys.rootKey,
      nodeKey: newNodeKey(),
      version: 1,
      name: '',
      metadata: { kind: 'folder', size: 0, mtime: null, mediaType: null, contentVersion: null },
    },
    context.keys.signing.secretKey,
  );
  try {
    return await context.api.createNode({ id, parentId: null, kind: 'folder', version: 1, ...sealed });
  } catch (error) {
    // Another client of the same account created it first: use theirs.
    if (error instanceof ApiError && error.code === 'CONFLICT') return context.api.getRootNode();
    throw error;
  }
}

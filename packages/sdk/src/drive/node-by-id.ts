import { type NodeView } from '../drive-types.js';
import { DriveError } from './drive-error.js';
import { type DriveContext } from './drive-context.js';
import { type DriveNode, keysOf } from './drive-node.js';
import { ensureRoot } from './ensure-root.js';
import { openChild } from './open-node.js';
import { listShared } from './list-shared.js';

/** Deepest tree the drive walks up; deeper answers are a server looping. */
const MAX_DEPTH = 4096;

/**
 * A node by id, wherever it is (trash included): walks up to the account's root, or to the root of
 * a folder shared with this account, then verifies and decrypts every record on the way down, each
 * key unwrapped with its parent's.
 * @throws DriveError TAMPERED when the chain does not end at a root this account holds the key of.
 */
export async function nodeById(context: DriveContext, nodeId: string): Promise<DriveNode> {
  const root = await ensureRoot(context);
  if (nodeId === root.id) return root;
  const shared = context.sharedRoots ?? new Map((await listShared(context)).map((node) => [node.id, node]));
  const chain: NodeView[] = [];
  let top: DriveNode | undefined;
  for (let id: string | null = nodeId; top === undefined; ) {
    if (id === null || chain.length > MAX_DEPTH) throw new DriveError('TAMPERED', `Node ${nodeId} does not lead to a root this account holds.`);
    if (id === root.id) top = root;
    else if (shared.has(id)) top = shared.get(id)!;
    else {
      const view: NodeView = await context.api.getNode(id);
      chain.push(view);
      id = view.parentId;
    }
  }
  let node = top;
  for (const view of chain.reverse()) {
    node = await openChild(context, view, { id: node.id, ownerId: node.ownerId, nodeKey: keysOf(node).nodeKey });
  }
  return node;
}

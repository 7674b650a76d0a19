import { type NodeView } from '../drive-types.js';
import { DriveError } from './drive-error.js';
import { type DriveContext } from './drive-context.js';
import { type DriveNode, keysOf } from './drive-node.js';
import { nodeById } from './node-by-id.js';
import { openChild } from './open-node.js';

/**
 * The nodes this account put in the trash (not what lies under them), verified and decrypted:
 * each with its parent's key, the parent found through the tree or, when it is in the trash
 * too, through the trash listing.
 */
export async function listTrash(context: DriveContext): Promise<DriveNode[]> {
  const views = new Map<string, NodeView>();
  let cursor: string | null = null;
  do {
    const page: { items: NodeView[]; nextCursor: string | null } = await context.api.listTrash(cursor === null ? {} : { cursor });
    for (const view of page.items) views.set(view.id, view);
    cursor = page.nextCursor;
  } while (cursor !== null);

  const opened = new Map<string, Promise<DriveNode>>();
  const open = (view: NodeView, depth: number): Promise<DriveNode> => {
    let node = opened.get(view.id);
    if (node === undefined) {
      node = (async () => {
        if (view.parentId === null || depth > views.size) throw new DriveError('TAMPERED', `The trash lists node ${view.id} without a parent it can be verified under.`);
        const parentView = views.get(view.parentId);
        const parent = parentView === undefined ? await nodeById(context, view.parentId) : await open(parentView, depth + 1);
        return openChild(context, view, { id: parent.id, ownerId: parent.ownerId, nodeKey: keysOf(parent).nodeKey });
      })();
      opened.set(view.id, node);
    }
    return node;
  };
  const nodes: DriveNode[] = [];
  for (const view of views.values()) nodes.push(await open(view, 0));
  return nodes;
}

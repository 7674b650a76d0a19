import { DriveError } from './drive-error.js';
import { type DriveContext } from './drive-context.js';
import { type DriveNode, keysOf } from './drive-node.js';
import { openChild } from './open-node.js';

/** Children fetched per request. */
const PAGE_SIZE = 200;

/**
 * Every child of a folder (all pages), verified and decrypted, in the server's order (oldest
 * first). Trashed children are left out by the server.
 * @throws DriveError NOT_A_FOLDER; TAMPERED or UNTRUSTED_WRITER when a child does not verify.
 */
export async function listFolder(context: DriveContext, folder: DriveNode): Promise<DriveNode[]> {
  if (folder.kind !== 'folder') throw new DriveError('NOT_A_FOLDER', `"${folder.name}" is not a folder.`);
  const { nodeKey } = keysOf(folder);
  const parent = { id: folder.id, ownerId: folder.ownerId, nodeKey };
  const children: DriveNode[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await context.api.listChildren(folder.id, { ...(cursor !== undefined && { cursor }), limit: PAGE_SIZE });
    for (const view of page.items) {
      // A server repeating a child across pages would make it appear twice.
      if (seen.has(view.id)) throw new DriveError('TAMPERED', `The server listed node ${view.id} twice.`);
      seen.add(view.id);
      children.push(await openChild(context, view, parent));
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return children;
}

/** The child of `folder` named `name` (the oldest, should a race have created two), if any. */
export async function findChild(context: DriveContext, folder: DriveNode, name: string): Promise<DriveNode | undefined> {
  return (await listFolder(context, folder)).find((child) => child.name === name);
}

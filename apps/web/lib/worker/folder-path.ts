// The breadcrumbs of a folder: the folders from the top the account can reach down to it. That top
// is the account's root, or, inside a folder someone shared with this account, the shared folder
// itself: the owner's folders above it are not this account's to see (nor can it decrypt them).
import { type DriveNode, type SharedAccess, DriveError } from '@coffre/sdk/drive';

/** A folder's breadcrumbs and, inside a share, how it is shared. */
export interface FolderPath {
  /** From the top (the account's root or a shared folder) down to the folder itself. */
  path: DriveNode[];
  /** Set when the top is a folder shared with this account. */
  shared: SharedAccess | null;
}

/**
 * Walks up from `folder` to the account's root or the root of a share, whichever comes first.
 * @throws DriveError TAMPERED when the walk goes deeper than `maxDepth` (a server looping the tree).
 */
export async function folderPath(folder: DriveNode, nodeOf: (id: string) => Promise<DriveNode>, maxDepth: number): Promise<FolderPath> {
  const path = [folder];
  for (let top = folder; top.parentId !== null && top.shared === null; top = path[0]!) {
    if (path.length > maxDepth) throw new DriveError('TAMPERED', 'The folder does not lead back to a root this account holds.');
    path.unshift(await nodeOf(top.parentId));
  }
  return { path, shared: path[0]!.shared };
}


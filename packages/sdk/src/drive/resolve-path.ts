import { DriveError } from './drive-error.js';
import { type DriveContext } from './drive-context.js';
import { type DriveNode } from './drive-node.js';
import { ensureRoot } from './ensure-root.js';
import { findChild } from './list-folder.js';
import { splitPath } from './node-name.js';

/**
 * The node at `path` ("/a/b/c"), from the account's root or from `base` (e.g. a shared folder),
 * by listing each folder on the way and comparing decrypted names.
 * @throws DriveError NOT_FOUND naming the first missing segment; NOT_A_FOLDER when a segment
 *   before the last is a file; INVALID_NAME for a malformed segment.
 */
export async function resolvePath(context: DriveContext, path: string, base?: DriveNode): Promise<DriveNode> {
  let node = base ?? (await ensureRoot(context));
  const names = splitPath(path);
  for (const [index, name] of names.entries()) {
    if (node.kind !== 'folder') throw new DriveError('NOT_A_FOLDER', `"/${names.slice(0, index).join('/')}" is a file, not a folder.`);
    const child = await findChild(context, node, name);
    if (child === undefined) throw new DriveError('NOT_FOUND', `Nothing at "/${names.slice(0, index + 1).join('/')}".`);
    node = child;
  }
  return node;
}

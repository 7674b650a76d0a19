// Paths of nodes known by id (links, shares): walked up through their parents, once each.
import { type Drive, type DriveNode } from '@coffre/sdk/drive';

/** Builds "/a/b" for node ids, sharing the walk between calls; undefined when a node cannot be read. */
export function createNodePaths(drive: Drive): (nodeId: string) => Promise<string | undefined> {
  const nodes = new Map<string, Promise<DriveNode | undefined>>();
  const get = (id: string) => {
    let node = nodes.get(id);
    if (node === undefined) {
      node = drive.get(id).catch(() => undefined);
      nodes.set(id, node);
    }
    return node;
  };
  return async (nodeId) => {
    const names: string[] = [];
    let node = await get(nodeId);
    if (node === undefined) return undefined;
    while (node !== undefined && node.parentId !== null) {
      names.unshift(node.name);
      node = await get(node.parentId);
    }
    return node === undefined ? undefined : `/${names.join('/')}`;
  };
}

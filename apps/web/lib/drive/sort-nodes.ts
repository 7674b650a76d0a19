// The order of the file browser's list: folders first, then by the chosen column.
import { type DriveNode } from '@coffre/sdk/drive';

export type SortKey = 'name' | 'size' | 'modified';
export type SortOrder = { key: SortKey; direction: 'ascending' | 'descending' };

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** When the node last changed: the file's own time when known, else the record's. */
export function modifiedAt(node: DriveNode): number {
  return node.mtime ?? Date.parse(node.updatedAt);
}

export function sortNodes(nodes: readonly DriveNode[], order: SortOrder): DriveNode[] {
  const sign = order.direction === 'ascending' ? 1 : -1;
  const compare = (a: DriveNode, b: DriveNode): number => {
    if (order.key === 'size') return a.size - b.size;
    if (order.key === 'modified') return modifiedAt(a) - modifiedAt(b);
    return collator.compare(a.name, b.name);
  };
  return [...nodes].sort((a, b) => {
    if (a.kind !== b.kind) return a.kind === 'folder' ? -1 : 1;
    return sign * compare(a, b) || collator.compare(a.name, b.name);
  });
}

/** Clicking a column: sort by it ascending, or flip it when it already sorts. */
export function toggleSort(current: SortOrder, key: SortKey): SortOrder {
  if (current.key !== key) return { key, direction: 'ascending' };
  return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
}

import { type DriveNode, type SharedAccess, DriveError } from '@coffre/sdk/drive';
import { describe, expect, it, vi } from 'vitest';
import { folderPath } from './folder-path.ts';

function node(id: string, parentId: string | null, shared: SharedAccess | null = null): DriveNode {
  return { id, parentId, shared, kind: 'folder', name: id } as DriveNode;
}

/** A tree by id; looking up anything else fails, as the drive does for nodes it cannot reach. */
function lookup(...nodes: DriveNode[]) {
  const byId = new Map(nodes.map((entry) => [entry.id, entry]));
  return vi.fn(async (id: string) => {
    const found = byId.get(id);
    if (found === undefined) throw new DriveError('NOT_FOUND', `no ${id}`);
    return found;
  });
}

const SHARE: SharedAccess = { shareId: 's1', role: 'read', ownerId: 'ada-id', ownerEmail: 'ada@example.org' };

describe('folderPath', () => {
  it('walks up to the account’s root', async () => {
    const root = node('root', null);
    const a = node('a', 'root');
    const b = node('b', 'a');
    await expect(folderPath(b, lookup(root, a), 10)).resolves.toEqual({ path: [root, a, b], shared: null });
  });

  it('is the root alone for the root', async () => {
    const root = node('root', null);
    const nodeOf = lookup();
    await expect(folderPath(root, nodeOf, 10)).resolves.toEqual({ path: [root], shared: null });
    expect(nodeOf).not.toHaveBeenCalled();
  });

  it('stops at the root of a share and never asks for the owner’s folders above it', async () => {
    // The shared folder's parent is in the owner's drive: unreachable for this account.
    const sharedRoot = node('shared', 'owners-folder', SHARE);
    const inner = node('inner', 'shared');
    const file = node('deeper', 'inner');
    const nodeOf = lookup(sharedRoot, inner);
    await expect(folderPath(file, nodeOf, 10)).resolves.toEqual({ path: [sharedRoot, inner, file], shared: SHARE });
    expect(nodeOf.mock.calls.map(([id]) => id)).toEqual(['inner', 'shared']);
  });

  it('is the shared folder alone when it is the one opened', async () => {
    const sharedRoot = node('shared', 'owners-folder', SHARE);
    await expect(folderPath(sharedRoot, lookup(), 10)).resolves.toEqual({ path: [sharedRoot], shared: SHARE });
  });

  it('refuses a tree that loops instead of reaching a root', async () => {
    const a = node('a', 'b');
    const b = node('b', 'a');
    await expect(folderPath(a, lookup(a, b), 10)).rejects.toMatchObject({ code: 'TAMPERED' });
  });

  it('passes on a parent the drive cannot reach', async () => {
    const orphan = node('orphan', 'gone');
    await expect(folderPath(orphan, lookup(), 10)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

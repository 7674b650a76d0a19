import { type Node } from '@coffre/db/client';
import { beforeEach, describe, expect, it, type Mocked } from 'vitest';
import { appError, NOW } from '../../test/fixtures.js';
import { strictMock } from '../../test/strict-mock.js';
import { type AncestorRow, type NodeAccessRepository } from './node-access.repository.js';
import { NodeAccessService } from './node-access.service.js';

const OWNER = '11111111-1111-4111-8111-111111111111';
const READER = '22222222-2222-4222-8222-222222222222';
const STRANGER = '33333333-3333-4333-8333-333333333333';
const ROOT = 'aaaaaaaa-0000-4000-8000-000000000001';
const FOLDER = 'aaaaaaaa-0000-4000-8000-000000000002';
const FILE = 'aaaaaaaa-0000-4000-8000-000000000003';

function node(id: string, parentId: string | null, overrides: Partial<Node> = {}): Node {
  return {
    id,
    ownerId: OWNER,
    parentId,
    rootOf: parentId === null ? OWNER : null,
    kind: 'folder',
    keyWrap: new Uint8Array(107),
    name: new Uint8Array(75),
    metadata: new Uint8Array(75),
    version: 1,
    lastVersionNumber: 0,
    signature: new Uint8Array(64),
    writerId: OWNER,
    trashedAt: null,
    createdAt: NOW,
    updatedAt: NOW,
    ...overrides,
  };
}

/** The chain FILE -> FOLDER -> ROOT, with the given flags per node. */
function chain(flags: Partial<Record<string, Partial<AncestorRow>>> = {}): AncestorRow[] {
  return [
    { id: FILE, parentId: FOLDER, ownerId: OWNER, trashed: false, shareRole: null, ...flags[FILE] },
    { id: FOLDER, parentId: ROOT, ownerId: OWNER, trashed: false, shareRole: null, ...flags[FOLDER] },
    { id: ROOT, parentId: null, ownerId: OWNER, trashed: false, shareRole: null, ...flags[ROOT] },
  ];
}

describe(NodeAccessService.name, () => {
  let sut: NodeAccessService;
  let repository: Mocked<NodeAccessRepository>;
  const file = node(FILE, FOLDER, { kind: 'file' });

  beforeEach(() => {
    repository = strictMock<NodeAccessRepository>('NodeAccessRepository');
    sut = new NodeAccessService(repository);
    repository.findNode.mockResolvedValue(file);
  });

  it('lets the owner read, write and own', async () => {
    repository.ancestry.mockResolvedValue(chain());
    for (const check of [sut.requireRead, sut.requireWrite, sut.requireOwner]) {
      await expect(check.call(sut, OWNER, FILE)).resolves.toEqual({ node: file, ownerId: OWNER, role: 'owner', inTrash: false, underTrashedFolder: false });
    }
    expect(repository.ancestry).toHaveBeenCalledWith(FILE, OWNER);
  });

  it('lets a read share on a folder above read, and nothing more', async () => {
    repository.ancestry.mockResolvedValue(chain({ [FOLDER]: { shareRole: 'read' } }));
    await expect(sut.requireRead(READER, FILE)).resolves.toMatchObject({ role: 'read', ownerId: OWNER });
    await expect(sut.requireWrite(READER, FILE)).rejects.toEqual(appError('NOT_FOUND'));
    await expect(sut.requireOwner(READER, FILE)).rejects.toEqual(appError('NOT_FOUND'));
  });

  it('lets a write share write, the strongest share winning, but never own', async () => {
    repository.ancestry.mockResolvedValue(chain({ [FILE]: { shareRole: 'read' }, [ROOT]: { shareRole: 'write' } }));
    await expect(sut.requireWrite(READER, FILE)).resolves.toMatchObject({ role: 'write' });
    await expect(sut.requireOwner(READER, FILE)).rejects.toEqual(appError('NOT_FOUND'));
  });

  it('answers NOT_FOUND alike for a stranger and for a node that does not exist', async () => {
    repository.ancestry.mockResolvedValue(chain());
    const stranger = await sut.requireRead(STRANGER, FILE).catch((error: unknown) => error);
    repository.findNode.mockResolvedValue(null);
    repository.ancestry.mockResolvedValue([]);
    const missing = await sut.requireRead(OWNER, FILE).catch((error: unknown) => error);
    expect(stranger).toEqual(appError('NOT_FOUND'));
    expect(missing).toEqual(appError('NOT_FOUND'));
    expect((stranger as { publicMessage: string }).publicMessage).toBe((missing as { publicMessage: string }).publicMessage);
  });

  it('ignores a share found on a node of another owner', async () => {
    repository.ancestry.mockResolvedValue(chain({ [ROOT]: { ownerId: STRANGER, shareRole: 'write' } }));
    await expect(sut.requireRead(READER, FILE)).rejects.toEqual(appError('NOT_FOUND'));
  });

  it('treats a node in the trash, or under a folder in it, as absent unless asked otherwise', async () => {
    repository.ancestry.mockResolvedValue(chain({ [FOLDER]: { trashed: true } }));
    await expect(sut.requireRead(OWNER, FILE)).rejects.toEqual(appError('NOT_FOUND'));
    await expect(sut.requireWrite(OWNER, FILE, { includeTrashed: true })).resolves.toMatchObject({ inTrash: true, underTrashedFolder: true });

    repository.ancestry.mockResolvedValue(chain({ [FILE]: { trashed: true } }));
    await expect(sut.requireRead(OWNER, FILE)).rejects.toEqual(appError('NOT_FOUND'));
    await expect(sut.requireOwner(OWNER, FILE, { includeTrashed: true })).resolves.toMatchObject({ inTrash: true, underTrashedFolder: false });
  });

  it('asks the repository whether a node lies within another', async () => {
    repository.isWithin.mockResolvedValue(true);
    await expect(sut.isWithin(FILE, ROOT)).resolves.toBe(true);
    expect(repository.isWithin).toHaveBeenCalledWith(FILE, ROOT);
  });
});

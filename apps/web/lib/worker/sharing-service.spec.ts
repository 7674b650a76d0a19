import { type ContactKeys, type CoffreClient } from '@coffre/sdk/client';
import { type Drive, type DriveNode } from '@coffre/sdk/drive';
import { KeyChangedError } from '@coffre/sdk/errors';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { type ActiveSession } from './account-service.ts';
import { createSharingService, type SharingService } from './sharing-service.ts';

const FOLDER = { id: 'folder-1', name: 'Project files', kind: 'folder' } as DriveNode;

function contact(email: string, fingerprint: string, firstSeen = false): ContactKeys {
  return { email, accountId: 'grace-id', publicKeys: { sharing: new Uint8Array(32), signing: new Uint8Array(32) }, fingerprint, digest: new Uint8Array(32), firstSeen };
}

let lookup: ReturnType<typeof vi.fn>;
let confirm: ReturnType<typeof vi.fn>;
let drive: Record<string, ReturnType<typeof vi.fn>>;
let sut: SharingService;

beforeEach(() => {
  lookup = vi.fn();
  confirm = vi.fn(async () => undefined);
  drive = {
    get: vi.fn(async (id: string) => {
      if (id === FOLDER.id) return FOLDER;
      throw new Error('gone');
    }),
    createLink: vi.fn(async () => ({ url: 'https://drive.example/s/l1#key', link: { id: 'l1', nodeId: FOLDER.id } })),
    share: vi.fn(async () => ({ share: { id: 's1', nodeId: FOLDER.id, role: 'read', ownerEmail: 'ada@example.org', recipientEmail: 'grace@example.org', createdAt: 't', acceptedAt: null } })),
    listShares: vi.fn(),
    listShared: vi.fn(async () => []),
    listLinks: vi.fn(),
  };
  const session = { apiUrl: 'http://api', accountId: 'ada-id', keys: {}, client: { lookupPublicKeys: lookup, confirmPublicKeys: confirm } as unknown as CoffreClient } as ActiveSession;
  sut = createSharingService({ withSession: (run) => run(session), linkBase: 'https://drive.example', driveFor: () => drive as unknown as Drive });
});

describe('checkContact', () => {
  it('reports first sight and known keys with the fingerprint computed by the client', async () => {
    lookup.mockResolvedValueOnce(contact('grace@example.org', '11111 22222', true)).mockResolvedValueOnce(contact('grace@example.org', '11111 22222'));
    await expect(sut.handlers.checkContact({ email: 'Grace@Example.org' })).resolves.toEqual({ email: 'grace@example.org', fingerprint: '11111 22222', status: 'new' });
    await expect(sut.handlers.checkContact({ email: 'grace@example.org' })).resolves.toMatchObject({ status: 'pinned' });
  });

  it('reports changed keys as such, with the new fingerprint, without pinning them', async () => {
    lookup.mockRejectedValue(new KeyChangedError('grace@example.org', contact('grace@example.org', '99999 00000')));
    await expect(sut.handlers.checkContact({ email: 'grace@example.org' })).resolves.toEqual({ email: 'grace@example.org', fingerprint: '99999 00000', status: 'changed' });
    expect(confirm).not.toHaveBeenCalled();
  });

  it('refuses keys that are not even valid public keys', async () => {
    lookup.mockRejectedValue(new KeyChangedError('grace@example.org', undefined));
    await expect(sut.handlers.checkContact({ email: 'grace@example.org' })).rejects.toBeInstanceOf(KeyChangedError);
  });
});

describe('trustContact', () => {
  it('re-pins the changed keys whose fingerprint the person compared', async () => {
    const changed = contact('grace@example.org', '99999 00000');
    lookup.mockRejectedValue(new KeyChangedError('grace@example.org', changed));
    await expect(sut.handlers.trustContact({ email: 'grace@example.org', fingerprint: '99999 00000' })).resolves.toMatchObject({ status: 'pinned' });
    expect(confirm).toHaveBeenCalledWith(changed);
  });

  it('refuses keys that changed again since the person compared them', async () => {
    lookup.mockRejectedValue(new KeyChangedError('grace@example.org', contact('grace@example.org', '55555 55555')));
    await expect(sut.handlers.trustContact({ email: 'grace@example.org', fingerprint: '99999 00000' })).rejects.toBeInstanceOf(KeyChangedError);
    expect(confirm).not.toHaveBeenCalled();
  });

  it('refuses a fingerprint that is not the pinned keys', async () => {
    lookup.mockResolvedValue(contact('grace@example.org', '11111 22222'));
    await expect(sut.handlers.trustContact({ email: 'grace@example.org', fingerprint: '99999 00000' })).rejects.toBeInstanceOf(KeyChangedError);
    expect(confirm).not.toHaveBeenCalled();
  });
});

describe('links', () => {
  it('creates a link on the worker origin with the checked options', async () => {
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    await expect(sut.handlers.createLink({ nodeId: FOLDER.id, maxDownloads: 1, password: 'pw', expiresAt })).resolves.toMatchObject({ url: 'https://drive.example/s/l1#key', link: { nodeName: 'Project files' } });
    expect(drive.createLink).toHaveBeenCalledWith(FOLDER, { base: 'https://drive.example', maxDownloads: 1, password: 'pw', expiresAt: new Date(expiresAt) });
  });

  it.each([
    ['a past expiry', { expiresAt: '2000-01-01T00:00:00Z' }],
    ['a zero download limit', { maxDownloads: 0 }],
    ['a fractional download limit', { maxDownloads: 1.5 }],
    ['an empty password', { password: '' }],
  ])('refuses %s before touching the drive', async (_name, options) => {
    await expect(sut.handlers.createLink({ nodeId: FOLDER.id, ...options })).rejects.toMatchObject({ name: 'CryptoError', code: 'INVALID_INPUT' });
    expect(drive.get).not.toHaveBeenCalled();
  });

  it('names the nodes of the links, and gives null for ones it can no longer read', async () => {
    drive.listLinks!.mockResolvedValue([{ id: 'l1', nodeId: FOLDER.id }, { id: 'l2', nodeId: 'deleted' }]);
    await expect(sut.handlers.listLinks(null)).resolves.toEqual([
      { id: 'l1', nodeId: FOLDER.id, nodeName: 'Project files' },
      { id: 'l2', nodeId: 'deleted', nodeName: null },
    ]);
  });
});

describe('shares', () => {
  it('shares a folder by id, and names accepted incoming folders from their verified roots', async () => {
    await expect(sut.handlers.shareFolder({ nodeId: FOLDER.id, email: 'grace@example.org', role: 'read' })).resolves.toMatchObject({ shareId: 's1', folderName: 'Project files' });
    expect(drive.share).toHaveBeenCalledWith(FOLDER, 'grace@example.org', 'read');

    drive.listShares!.mockResolvedValue({
      incoming: [
        { id: 'in-1', nodeId: 'n1', role: 'write', ownerEmail: 'bob@example.org', recipientEmail: 'ada@example.org', createdAt: 't', acceptedAt: 't' },
        { id: 'in-2', nodeId: 'n2', role: 'read', ownerEmail: 'eve@example.org', recipientEmail: 'ada@example.org', createdAt: 't', acceptedAt: null },
      ],
      outgoing: [],
    });
    drive.listShared!.mockResolvedValue([{ name: 'Bob’s photos', shared: { shareId: 'in-1' } }]);
    const { incoming } = await sut.handlers.listShares(null);
    expect(incoming.map((share) => [share.shareId, share.folderName])).toEqual([
      ['in-1', 'Bob’s photos'],
      ['in-2', null],
    ]);
  });

  it('refuses a role other than read or write', async () => {
    await expect(sut.handlers.shareFolder({ nodeId: FOLDER.id, email: 'grace@example.org', role: 'admin' as 'read' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(drive.share).not.toHaveBeenCalled();
  });
});

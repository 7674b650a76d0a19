import { type SharedAccess } from '@coffre/sdk/drive';
import { describe, expect, it } from 'vitest';
import { accessLabel, folderAccess, pendingNotice, sharedBy } from './folder-access.ts';

const share = (role: SharedAccess['role'], ownerEmail: string | null = 'ada@example.org'): SharedAccess => ({ shareId: 's1', role, ownerId: 'ada-id', ownerEmail });

describe('folder access', () => {
  it('allows everything in the account’s own drive', () => {
    expect(folderAccess(null)).toEqual({ canWrite: true, canShare: true });
  });

  it('allows no change and no sharing in a read-only share', () => {
    expect(folderAccess(share('read'))).toEqual({ canWrite: false, canShare: false });
  });

  it('allows changes but not re-sharing in a share with write access', () => {
    expect(folderAccess(share('write'))).toEqual({ canWrite: true, canShare: false });
  });

  it('names the access and the owner', () => {
    expect(accessLabel('read')).toBe('Can view');
    expect(accessLabel('write')).toBe('Can edit');
    expect(sharedBy(share('read'))).toBe('ada@example.org');
    expect(sharedBy(share('read', null))).toBe('a deleted account');
  });
});

describe('pending invitations notice', () => {
  it.each([0, -1, 1.5, Number.NaN])('says nothing for %s', (pending) => {
    expect(pendingNotice(pending)).toBeUndefined();
  });

  it('counts the offers waiting', () => {
    expect(pendingNotice(1)).toBe('A folder shared with you is waiting for your answer.');
    expect(pendingNotice(3)).toBe('3 folders shared with you are waiting for your answer.');
  });
});

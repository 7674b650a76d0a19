// What the file browser offers in a folder. In the account's own drive: everything. Inside a folder
// someone shared with this account: what its role allows. The server enforces the same rules; the
// page only hides what would be refused, so nobody is offered an action that cannot work.
import { type SharedAccess } from '@coffre/sdk/drive';

export interface FolderAccess {
  /** Upload, new folder, rename, move, trash: a role of `write`, or the account's own drive. */
  canWrite: boolean;
  /** Links and shares with accounts: only the owner of a folder can give access to it. */
  canShare: boolean;
}

/** The actions a folder allows, from how it is shared with this account (null: the account's own). */
export function folderAccess(shared: SharedAccess | null): FolderAccess {
  if (shared === null) return { canWrite: true, canShare: true };
  return { canWrite: shared.role === 'write', canShare: false };
}

/** The access a share gives, in words. */
export function accessLabel(role: SharedAccess['role']): string {
  return role === 'write' ? 'Can edit' : 'Can view';
}

/** Who shared a folder, for a row or an intro; an account since deleted has no email. */
export function sharedBy(shared: SharedAccess): string {
  return shared.ownerEmail ?? 'a deleted account';
}

/** The notice for offers waiting on /shared, or undefined when none wait. */
export function pendingNotice(pending: number): string | undefined {
  if (!Number.isSafeInteger(pending) || pending <= 0) return undefined;
  return pending === 1 ? 'A folder shared with you is waiting for your answer.' : `${pending} folders shared with you are waiting for your answer.`;
}

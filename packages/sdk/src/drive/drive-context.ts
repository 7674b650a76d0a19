// What every drive operation shares: the routes, the account's keys, whose signatures are
// trusted, and the records seen in this session.
import { type AccountKeys } from '@coffre/crypto/account';
import { type ContactKeys } from '../flows/lookup-public-keys.js';
import { type DriveApi } from './drive-api.js';
import { type DriveNode } from './drive-node.js';
import { type RecordGuard } from './record-guard.js';
import { type WriterKeyResolver, type WriterKeys } from './writer-keys.js';

export interface DriveContext {
  api: DriveApi;
  accountId: string;
  keys: AccountKeys;
  writers: WriterKeys;
  guard: RecordGuard;
  lookupPublicKeys(email: string): Promise<ContactKeys>;
  /** The root folder once known (ensureRoot). */
  root: DriveNode | undefined;
  /** Roots of the folders shared with this account and accepted, by node id, once listed. */
  sharedRoots: Map<string, DriveNode> | undefined;
}

/** What verifying a record needs: whose signatures count, and the records seen so far. */
export interface VerifyContext {
  writers: WriterKeyResolver;
  guard: RecordGuard;
}

/** 32 random bytes from the platform CSPRNG: a new node key. */
export function newNodeKey(): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(32));
}

/** A random UUID for a new node (node ids are chosen by the client, docs/drive-design.md). */
export function newNodeId(): string {
  return globalThis.crypto.randomUUID();
}

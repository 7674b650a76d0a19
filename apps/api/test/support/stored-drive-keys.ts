// The keys behind what the server stores, recovered the way a client finds them: every node key
// opened from its node-key-wrap under its parent's key (a root under the account's root key),
// every file key from its file-key-wrap under the node key. The zero-knowledge test then knows
// exactly the keys that protect the stored data, including those that live only inside another
// process (the `coffre` CLI).
import { openEnvelope } from '@coffre/crypto/envelope';
import { type TestDatabase } from '@coffre/db/testing';

/** The keys of one account's drive, by node id and by file version id. */
export interface StoredDriveKeys {
  readonly nodeKeys: Map<string, Uint8Array>;
  readonly fileKeys: Map<string, Uint8Array>;
}

/**
 * Opens every node key and committed file key of the account whose root key is `rootKey`.
 * @throws CryptoError DECRYPT_FAILED when a stored wrap does not open: the drive as stored is not
 *   the drive the client wrote.
 */
export async function storedDriveKeys(database: TestDatabase, accountId: string, rootKey: Uint8Array): Promise<StoredDriveKeys> {
  const nodes = await database.prisma.node.findMany({ where: { ownerId: accountId } });
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const nodeKeys = new Map<string, Uint8Array>();
  const keyOf = (id: string): Uint8Array => {
    const known = nodeKeys.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id);
    if (node === undefined) throw new Error(`node ${id} is not in ${accountId}'s drive`);
    const parentKey = node.parentId === null ? rootKey : keyOf(node.parentId);
    const binding = { ownerId: node.ownerId, nodeId: node.id, parentId: node.parentId ?? '', version: node.version };
    const key = openEnvelope(parentKey, 'node-key-wrap', binding, node.keyWrap);
    nodeKeys.set(id, key);
    return key;
  };
  for (const node of nodes) keyOf(node.id);

  const versions = await database.prisma.fileVersion.findMany({ where: { node: { ownerId: accountId }, state: 'committed' } });
  const fileKeys = new Map<string, Uint8Array>();
  for (const version of versions) {
    const binding = { ownerId: accountId, nodeId: version.nodeId, version: version.encryptedAs };
    fileKeys.set(version.id, openEnvelope(keyOf(version.nodeId), 'file-key-wrap', binding, version.fileKeyWrap));
  }
  return { nodeKeys, fileKeys };
}

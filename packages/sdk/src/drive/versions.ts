import { openEnvelope } from '@coffre/crypto/envelope';
import { fileContext } from '@coffre/crypto/file';
import { type FileVersionView } from '../drive-types.js';
import { fromBase64url } from '../encoding.js';
import { openContent } from './content-reader.js';
import { DriveError } from './drive-error.js';
import { type DriveContext } from './drive-context.js';
import { type DriveNode, keysOf, metadataOf } from './drive-node.js';
import { updateRecord } from './update-node.js';

/** A stored version of a file, and whether it is the content the node's signed metadata names. */
export interface FileVersion extends FileVersionView {
  current: boolean;
}

/** The file's committed versions, newest first. */
export async function listVersions(context: DriveContext, node: DriveNode): Promise<FileVersion[]> {
  if (node.kind !== 'file') throw new DriveError('NOT_A_FILE', `"${node.name}" is a folder.`);
  const versions = await context.api.listVersions(node.id);
  return versions.map((version) => ({ ...version, current: version.encryptedAs === node.contentVersion }));
}

/**
 * Makes an older version the current content again: the server adds it as the newest version,
 * and the node's signed metadata then names it (with its size, read from its authenticated header).
 */
export async function restoreVersion(context: DriveContext, node: DriveNode, number: number): Promise<{ node: DriveNode; version: FileVersionView }> {
  if (node.kind !== 'file') throw new DriveError('NOT_A_FILE', `"${node.name}" is a folder.`);
  const version = await context.api.restoreVersion(node.id, number);
  let fileKey: Uint8Array;
  try {
    fileKey = openEnvelope(keysOf(node).nodeKey, 'file-key-wrap', { ownerId: node.ownerId, nodeId: node.id, version: version.encryptedAs }, fromBase64url(version.fileKeyWrap));
  } catch (error) {
    throw new DriveError('TAMPERED', `The file key of the restored version of "${node.name}" failed verification.`, { cause: error });
  }
  const file = await openContent((range, signal) => context.api.getVersionContent(node.id, version.number, range, signal), {
    key: fileKey,
    context: fileContext({ ownerId: node.ownerId, nodeId: node.id, version: version.encryptedAs }),
  });
  const updated = await updateRecord(context, node, (current) => ({
    metadata: { ...metadataOf(current), size: file.header.plaintextLength, contentVersion: version.encryptedAs },
  }));
  return { node: updated, version };
}

/** Deletes one stored version (not the current one). */
export async function deleteVersion(context: DriveContext, node: DriveNode, number: number): Promise<void> {
  await context.api.deleteVersion(node.id, number);
}

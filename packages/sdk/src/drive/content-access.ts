// What reading one file version's content takes, and nothing more: the version's file key (it
// opens that version and no other), the binding its header is committed to, the signed size, and
// the route its ciphertext comes from. A browser hands this to the Service Worker that streams a
// download, so that neither the node key nor the account's keys ever reach it (apps/web README,
// "Streaming downloads").
import { type FileBinding } from '@coffre/crypto/file';
import { type FileVersionView } from '../drive-types.js';
import { type DriveContext } from './drive-context.js';
import { DriveError } from './drive-error.js';
import { type DriveNode } from './drive-node.js';
import { chooseVersion, unwrapFileKey } from './download-file.js';

/** Where a file version's ciphertext is read from. */
export type ContentRoute =
  /** `GET /api/files/:nodeId/versions/:number/content` with the account's bearer token. */
  | { kind: 'drive'; nodeId: string; number: number }
  /** `GET /api/links/:linkId/files/:nodeId/content` with the link's grant (newest version only). */
  | { kind: 'link'; linkId: string; nodeId: string; grant: string; number: number };

/** Everything needed to stream one file version, and to check what the server sends. */
export interface ContentAccess {
  /** The version's 32-byte file key. The holder should overwrite it once the header is open. */
  fileKey: Uint8Array;
  /** What the header is committed to (`fileContext(binding)`). */
  binding: FileBinding;
  /**
   * The plaintext size the writer signed: a header giving another size is TAMPERED. Null for an
   * older version asked for by number, whose size only its (authenticated) header gives.
   */
  size: number | null;
  route: ContentRoute;
}

/**
 * The access to a file's content (the version its signed metadata names, or `number`).
 * @throws DriveError NOT_A_FILE, NO_CONTENT, NOT_FOUND, TAMPERED (the file key does not open).
 */
export async function driveContentAccess(context: DriveContext, node: DriveNode, number?: number): Promise<ContentAccess> {
  if (node.kind !== 'file') throw new DriveError('NOT_A_FILE', `"${node.name}" is a folder.`);
  const version = await chooseVersion(context, node, number);
  return accessFor(node, version, { kind: 'drive', nodeId: node.id, number: version.number }, number === undefined ? node.size : null);
}

/** The access to a version already chosen; `size` is what the header must say. */
export function accessFor(node: DriveNode, version: FileVersionView, route: ContentRoute, size: number | null): ContentAccess {
  return {
    fileKey: unwrapFileKey(node, version),
    binding: { ownerId: node.ownerId, nodeId: node.id, version: version.encryptedAs },
    size,
    route,
  };
}

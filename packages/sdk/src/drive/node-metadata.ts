// The metadata record of a node, sealed as the node-metadata envelope under the node key and
// signed with the node record. It carries the node's kind (the server's `kind` column is not
// signed on its own) and, for files, which content version is current, so that a server cannot
// present an older version of a file as its current content.
import { type NodeKind } from '../drive-types.js';
import { DriveError } from './drive-error.js';

/** What a node's metadata says, once decrypted and verified. */
export interface NodeMetadata {
  kind: NodeKind;
  /** Plaintext size in bytes (0 for folders). */
  size: number;
  /** Last modification time of the source, in milliseconds since 1970, when known. */
  mtime: number | null;
  /** IANA media type, when known. */
  mediaType: string | null;
  /**
   * Files: the file version number (`encryptedAs`) of the current content, null before the first
   * upload completes. Always null for folders.
   */
  contentVersion: number | null;
}

const FORMAT_VERSION = 1;

/** Encodes metadata as the bytes sealed in the node-metadata envelope (JSON, fixed field order). */
export function encodeMetadata(metadata: NodeMetadata): Uint8Array {
  const record = {
    v: FORMAT_VERSION,
    kind: metadata.kind,
    size: metadata.size,
    mtime: metadata.mtime,
    mediaType: metadata.mediaType,
    contentVersion: metadata.contentVersion,
  };
  return new TextEncoder().encode(JSON.stringify(record));
}

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/**
 * Decodes verified metadata bytes.
 * @throws DriveError TAMPERED for anything but a version 1 record of the right shape (it was
 *   authenticated, so a malformed record means a writer that is not a Coffre client).
 */
export function decodeMetadata(bytes: Uint8Array): NodeMetadata {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as Record<string, unknown>;
  } catch (error) {
    throw new DriveError('TAMPERED', 'A node has metadata that is not a metadata record.', { cause: error });
  }
  const valid =
    typeof record === 'object' &&
    record !== null &&
    record.v === FORMAT_VERSION &&
    (record.kind === 'file' || record.kind === 'folder') &&
    isCount(record.size) &&
    (record.mtime === null || (typeof record.mtime === 'number' && Number.isFinite(record.mtime))) &&
    (record.mediaType === null || (typeof record.mediaType === 'string' && record.mediaType.length <= 255)) &&
    (record.contentVersion === null || (isCount(record.contentVersion) && record.kind === 'file'));
  if (!valid) throw new DriveError('TAMPERED', 'A node has a metadata record of an unknown version or shape.');
  return {
    kind: record.kind as NodeKind,
    size: record.size as number,
    mtime: record.mtime as number | null,
    mediaType: record.mediaType as string | null,
    contentVersion: record.contentVersion as number | null,
  };
}

// The download pipeline: pick the content version the node's signed metadata names (or the one
// asked for), unwrap its file key under the node key, authenticate the header, then stream the
// plaintext range, verifying every chunk (content-reader.ts).
import { CryptoError } from '@coffre/crypto/errors';
import { openEnvelope } from '@coffre/crypto/envelope';
import { fileContext } from '@coffre/crypto/file';
import { type FileVersionView } from '../drive-types.js';
import { fromBase64url } from '../encoding.js';
import { type FetchCiphertext, type ReadOptions, openContent, readPlaintext } from './content-reader.js';
import { DriveError } from './drive-error.js';
import { type DriveContext } from './drive-context.js';
import { type DriveNode, currentVersionOf, keysOf } from './drive-node.js';

export interface DownloadOptions extends ReadOptions {
  /** A file version number (see `versions`); the current content by default. */
  version?: number;
}

/** A download ready to be read. */
export interface Download {
  /** The plaintext bytes asked for; errors (TAMPERED, network) end it with an error. */
  stream: ReadableStream<Uint8Array>;
  /** Bytes the stream carries. */
  length: number;
  /** The whole file's size in this version. */
  fileSize: number;
  version: FileVersionView;
}

/**
 * Opens a file's content for reading. Without `version`, the content is the version the node's
 * signed metadata names, and its size must be the signed size: a server cannot serve an older
 * version, or another file's, as the current content.
 * @throws DriveError NOT_A_FILE, NO_CONTENT, NOT_FOUND (no such version), TAMPERED.
 */
export async function downloadFile(context: DriveContext, node: DriveNode, options: DownloadOptions = {}): Promise<Download> {
  if (node.kind !== 'file') throw new DriveError('NOT_A_FILE', `"${node.name}" is a folder.`);
  const version = await chooseVersion(context, node, options.version);
  const fetchCiphertext: FetchCiphertext = (range, signal) => context.api.getVersionContent(node.id, version.number, range, signal);
  return openDownload(node, version, fetchCiphertext, options.version === undefined, options);
}

/** Shared with link downloads: unwrap, authenticate, check the signed size, stream. */
export async function openDownload(node: DriveNode, version: FileVersionView, fetchCiphertext: FetchCiphertext, isCurrent: boolean, options: ReadOptions): Promise<Download> {
  const fileKey = unwrapFileKey(node, version);
  const file = await openContent(fetchCiphertext, {
    key: fileKey,
    context: fileContext({ ownerId: node.ownerId, nodeId: node.id, version: version.encryptedAs }),
    ...(options.signal && { signal: options.signal }),
  });
  if (isCurrent && file.header.plaintextLength !== node.size) {
    throw new DriveError('TAMPERED', `The content of "${node.name}" is not the size its signed metadata gives (${file.header.plaintextLength} instead of ${node.size} bytes).`);
  }
  const start = options.start ?? 0;
  const end = options.end ?? file.header.plaintextLength;
  return { stream: readPlaintext(file, fetchCiphertext, { ...options, start, end }), length: end - start, fileSize: file.header.plaintextLength, version };
}

/**
 * A version's file key, unwrapped under the node key with the version bound as associated data.
 * @throws DriveError TAMPERED when the wrap does not open.
 */
export function unwrapFileKey(node: DriveNode, version: FileVersionView): Uint8Array {
  try {
    return openEnvelope(keysOf(node).nodeKey, 'file-key-wrap', { ownerId: node.ownerId, nodeId: node.id, version: version.encryptedAs }, fromBase64url(version.fileKeyWrap));
  } catch (error) {
    if (error instanceof CryptoError || error instanceof TypeError) throw new DriveError('TAMPERED', `The file key of "${node.name}" failed verification.`, { cause: error });
    throw error;
  }
}

/** The version to read: `number`, or the one the node's signed metadata names. */
export async function chooseVersion(context: DriveContext, node: DriveNode, number: number | undefined): Promise<FileVersionView> {
  if (number !== undefined) {
    const version = (await context.api.listVersions(node.id)).find((entry) => entry.number === number && entry.state === 'committed');
    if (version === undefined) throw new DriveError('NOT_FOUND', `"${node.name}" has no version ${number}.`);
    return version;
  }
  if (node.contentVersion === null) throw new DriveError('NO_CONTENT', `"${node.name}" has no content yet (its upload did not finish).`);
  const current = currentVersionOf(node);
  if (current?.encryptedAs === node.contentVersion && current.state === 'committed') return current;
  // The server's newest version is not the one the writer made current (an upload or a restore
  // whose metadata update did not happen, or a server presenting another version): use the signed one.
  const signed = (await context.api.listVersions(node.id)).find((entry) => entry.encryptedAs === node.contentVersion && entry.state === 'committed');
  if (signed === undefined) throw new DriveError('NO_CONTENT', `The content version of "${node.name}" is no longer stored.`);
  return signed;
}

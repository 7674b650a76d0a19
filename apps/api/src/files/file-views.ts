import { type FileVersion, type VersionPart } from '@coffre/db/client';
import { type FileVersionView, type PartView, type UploadView } from './files.dto.js';

/** How many parts a version of `ciphertextSize` bytes has, cut into `partSize`-byte parts. */
export function partCountOf(ciphertextSize: number, partSize: number): number {
  return Math.max(1, Math.ceil(ciphertextSize / partSize));
}

/** The size part `n` must have: `partSize`, except the last part, which holds the rest. */
export function expectedPartSize(n: number, ciphertextSize: number, partSize: number): number {
  const last = partCountOf(ciphertextSize, partSize) - 1;
  return n < last ? partSize : ciphertextSize - last * partSize;
}

/** A version as clients see it: sizes as numbers, binary fields in base64url. */
export function toFileVersionView(version: FileVersion): FileVersionView {
  return {
    nodeId: version.nodeId,
    number: version.number,
    encryptedAs: version.encryptedAs,
    fileKeyWrap: Buffer.from(version.fileKeyWrap).toString('base64url'),
    ciphertextSize: Number(version.ciphertextSize),
    partSize: version.partSize,
    state: version.state,
    createdAt: version.createdAt.toISOString(),
    committedAt: version.committedAt?.toISOString() ?? null,
  };
}

/** A part as clients see it: its object id is the SHA-256 of its bytes. */
export function toPartView(part: Pick<VersionPart, 'n' | 'objectId' | 'size'>): PartView {
  return { n: part.n, sha256: part.objectId, size: part.size };
}

/** An upload in progress as clients see it, with the parts held so far. */
export function toUploadView(upload: FileVersion, parts: readonly VersionPart[]): UploadView {
  const ciphertextSize = Number(upload.ciphertextSize);
  return {
    uploadId: upload.id,
    nodeId: upload.nodeId,
    number: upload.number,
    ciphertextSize,
    partSize: upload.partSize,
    partCount: partCountOf(ciphertextSize, upload.partSize),
    parts: parts.map(toPartView),
    // Uploads always have one; committed versions do not, and are never shown as uploads.
    expiresAt: (upload.expiresAt ?? upload.createdAt).toISOString(),
  };
}

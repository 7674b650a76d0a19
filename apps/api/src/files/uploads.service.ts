import { Inject, Injectable } from '@nestjs/common';
import { type ApiConfig } from '@coffre/config/api';
import { NodeAccessService } from '../access/node-access.service.js';
import { API_CONFIG } from '../config/api-config.module.js';
import { DriveQueues } from '../drive-jobs/drive-queues.js';
import { AppError } from '../errors/app-error.js';
import { BinaryFieldChecks } from '../nodes/envelope-fields.js';
import { FileVersionsRepository, type FileVersionWithParts } from './file-versions.repository.js';
import { partCountOf, toFileVersionView, toUploadView } from './file-views.js';
import {
  type CompleteUploadRequest,
  FILE_KEY_LENGTH,
  type FileVersionView,
  MAX_PART_COUNT,
  type PartView,
  type StartUploadRequest,
  type UploadView,
} from './files.dto.js';

/** Most missing part numbers an UPLOAD_INCOMPLETE names; GET the upload for the whole picture. */
const MAX_MISSING_LISTED = 1_000;

/**
 * Uploads of file versions (docs/drive-design.md, "Upload protocol"): start (version number and
 * quota reservation), state for resuming, complete (commit, keep-N), abandon. Parts themselves go
 * through `PartsService`.
 */
@Injectable()
export class UploadsService {
  constructor(
    private readonly access: NodeAccessService,
    private readonly versions: FileVersionsRepository,
    private readonly queues: DriveQueues,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /**
   * Starts an upload of the file's next version, reserving its size in the owner's quota.
   * @throws AppError NOT_FOUND (no such file, or not writable by the caller); VALIDATION_FAILED for
   *   a part size or part count out of bounds; QUOTA_EXCEEDED with `details.remainingBytes`.
   */
  async start(accountId: string, nodeId: string, request: StartUploadRequest, now = new Date()): Promise<UploadView> {
    const { node, ownerId } = await this.access.requireWrite(accountId, nodeId);
    if (node.kind !== 'file') throw noSuchFile(nodeId);
    const { maxPartBytes, uploadExpirySeconds } = this.config.drive;
    if (request.partSize > maxPartBytes) {
      throw new AppError('VALIDATION_FAILED', `part size ${request.partSize} over ${maxPartBytes}`, {
        issues: [{ path: 'body.partSize', message: `must be at most ${maxPartBytes}` }],
      });
    }
    if (partCountOf(request.ciphertextSize, request.partSize) > MAX_PART_COUNT) {
      throw new AppError('VALIDATION_FAILED', `${request.ciphertextSize} bytes in parts of ${request.partSize}`, {
        issues: [{ path: 'body.partSize', message: `must cut the content into at most ${MAX_PART_COUNT} parts` }],
      });
    }
    const outcome = await this.versions.startUpload({
      nodeId,
      ownerId,
      ciphertextSize: request.ciphertextSize,
      partSize: request.partSize,
      expiresAt: new Date(now.getTime() + uploadExpirySeconds * 1000),
    });
    switch (outcome.kind) {
      case 'created':
        return toUploadView(outcome.version, []);
      case 'quota-exceeded':
        throw new AppError('QUOTA_EXCEEDED', `upload of ${request.ciphertextSize} bytes to ${nodeId}: ${outcome.remainingBytes} left`, {
          details: { remainingBytes: outcome.remainingBytes },
        });
      case 'gone':
        throw noSuchFile(nodeId);
    }
  }

  /** The upload and the parts the server holds: what a resuming client needs. */
  async get(accountId: string, uploadId: string, now = new Date()): Promise<UploadView> {
    const upload = await this.requireUpload(accountId, uploadId, now);
    return toUploadView(upload, upload.parts);
  }

  /**
   * An upload the caller may write to: in progress, not expired, on a file it may write.
   * @throws AppError NOT_FOUND otherwise, alike in every case.
   */
  async requireUpload(accountId: string, uploadId: string, now = new Date()): Promise<FileVersionWithParts> {
    const upload = await this.versions.findUpload(uploadId);
    if (upload === null || (upload.expiresAt !== null && upload.expiresAt <= now)) throw noSuchUpload(uploadId);
    await this.access.requireWrite(accountId, upload.nodeId).catch(() => {
      throw noSuchUpload(uploadId);
    });
    return upload;
  }

  /**
   * Commits the upload as the file's newest version if every part is held and the client's list
   * matches them; versions beyond the owner's keep-N go. Completing a committed upload again with
   * the same parts answers the same version (a retry after a lost answer).
   * @throws AppError UPLOAD_INCOMPLETE with `details.missing` (part numbers); CONFLICT when the
   *   listed parts differ from those held; VALIDATION_FAILED for a malformed file key wrap;
   *   NOT_FOUND.
   */
  async complete(accountId: string, uploadId: string, request: CompleteUploadRequest, now = new Date()): Promise<FileVersionView> {
    const checks = new BinaryFieldChecks();
    const fileKeyWrap = checks.decode(request.fileKeyWrap, 'body.fileKeyWrap');
    checks.envelope(fileKeyWrap, 'file-key-wrap', { min: FILE_KEY_LENGTH, max: FILE_KEY_LENGTH }, 'body.fileKeyWrap');
    if (checks.issues.length > 0) throw new AppError('VALIDATION_FAILED', `complete of ${uploadId}: bad file key wrap`, { issues: checks.issues });

    const version = await this.versions.findVersion(uploadId);
    if (version === null) throw noSuchUpload(uploadId);
    const { ownerId } = await this.access.requireWrite(accountId, version.nodeId).catch(() => {
      throw noSuchUpload(uploadId);
    });
    if (version.state === 'committed') return this.#alreadyCommitted(version, request, fileKeyWrap);
    if (version.expiresAt !== null && version.expiresAt <= now) throw noSuchUpload(uploadId);

    const partCount = partCountOf(Number(version.ciphertextSize), version.partSize);
    ensureComplete(version, partCount, request.parts);
    const outcome = await this.versions.commitUpload({ uploadId, nodeId: version.nodeId, ownerId, fileKeyWrap, partCount, now });
    if (outcome.kind === 'committed') {
      await this.queues.enqueuePurges(outcome.purged);
      return toFileVersionView(outcome.version);
    }
    // Someone else completed or abandoned it meanwhile.
    const settled = await this.versions.findVersion(uploadId);
    if (settled === null || settled.state !== 'committed') throw noSuchUpload(uploadId);
    return this.#alreadyCommitted(settled, request, fileKeyWrap);
  }

  /** Abandons the upload: its parts are removed, its quota reservation released. */
  async abandon(accountId: string, uploadId: string, now = new Date()): Promise<void> {
    await this.requireUpload(accountId, uploadId, now);
    const purged = await this.versions.abandonUpload(uploadId);
    if (purged === 'gone') throw noSuchUpload(uploadId);
    await this.queues.enqueuePurges(purged);
  }

  #alreadyCommitted(version: FileVersionWithParts, request: CompleteUploadRequest, fileKeyWrap: Uint8Array): FileVersionView {
    const same = Buffer.from(version.fileKeyWrap).equals(fileKeyWrap) && sameParts(version, request.parts);
    if (!same) throw new AppError('CONFLICT', `upload ${version.id} was committed with other parts or another file key`);
    return toFileVersionView(version);
  }
}

/**
 * Checks the client's list against the parts held: every part held (else UPLOAD_INCOMPLETE naming
 * the missing ones), and the list exactly those parts.
 * @throws AppError UPLOAD_INCOMPLETE, CONFLICT
 */
function ensureComplete(upload: FileVersionWithParts, partCount: number, listed: readonly PartView[]): void {
  const held = new Set(upload.parts.map((part) => part.n));
  const missing: number[] = [];
  for (let n = 0; n < partCount && missing.length < MAX_MISSING_LISTED; n += 1) if (!held.has(n)) missing.push(n);
  if (missing.length > 0) {
    throw new AppError('UPLOAD_INCOMPLETE', `upload ${upload.id}: ${missing.length}+ of ${partCount} parts missing`, { details: { missing } });
  }
  const total = upload.parts.reduce((sum, part) => sum + part.size, 0);
  if (!sameParts(upload, listed) || total !== Number(upload.ciphertextSize)) {
    throw new AppError('CONFLICT', `upload ${upload.id}: the parts listed are not the parts held`, {
      publicMessage: 'The parts listed are not the ones the server holds; ask for the upload and compare.',
    });
  }
}

function sameParts(version: FileVersionWithParts, listed: readonly PartView[]): boolean {
  if (listed.length !== version.parts.length) return false;
  const byNumber = new Map(listed.map((part) => [part.n, part]));
  return version.parts.every((part) => {
    const other = byNumber.get(part.n);
    return other !== undefined && other.sha256 === part.objectId && other.size === part.size;
  });
}

function noSuchFile(nodeId: string): AppError {
  return new AppError('NOT_FOUND', `no writable file ${nodeId}`, { publicMessage: 'No such file.' });
}

function noSuchUpload(uploadId: string): AppError {
  return new AppError('NOT_FOUND', `no live upload ${uploadId} for the caller`, { publicMessage: 'No such upload.' });
}

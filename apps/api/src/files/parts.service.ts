import { Readable } from 'node:stream';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { type ApiConfig } from '@coffre/config/api';
import { StorageError, isStorageError } from '@coffre/storage/errors';
import { type ObjectLocks } from '@coffre/storage/object-locks';
import { type OpenedStorage } from '@coffre/storage/open-storage';
import { API_CONFIG } from '../config/api-config.module.js';
import { DriveQueues } from '../drive-jobs/drive-queues.js';
import { AppError } from '../errors/app-error.js';
import { OBJECT_LOCKS, STORAGE } from '../storage/storage.tokens.js';
import { FileVersionsRepository } from './file-versions.repository.js';
import { expectedPartSize, partCountOf, toPartView } from './file-views.js';
import { type PartView } from './files.dto.js';
import { PartBody, PartLengthError } from './part-body.js';
import { UploadsService } from './uploads.service.js';

/** What a part upload says about its body, from its headers. */
export interface PartHeaders {
  /** `x-content-sha256`: the SHA-256 of the part's bytes, hex. */
  readonly sha256: string | undefined;
  /** `content-length`, when the client sent one (absent for a chunked body). */
  readonly contentLength: string | undefined;
}

const SHA256_HEX = /^[0-9a-fA-F]{64}$/;

/**
 * `PUT /api/uploads/:uploadId/parts/:n`: streams a part into the replicated store, which verifies
 * its SHA-256 as it writes and keeps nothing of a body that fails, then records it for the upload.
 * The body is never buffered: memory stays at a chunk or two whatever the part size.
 */
@Injectable()
export class PartsService {
  private readonly logger = new Logger('Parts');

  constructor(
    private readonly uploads: UploadsService,
    private readonly versions: FileVersionsRepository,
    private readonly queues: DriveQueues,
    @Inject(STORAGE) private readonly storage: OpenedStorage,
    @Inject(OBJECT_LOCKS) private readonly locks: ObjectLocks,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /**
   * Stores part `n` of the upload. Idempotent: a part already held with the same hash answers at
   * once, without reading the body again.
   * @throws AppError UNSUPPORTED_MEDIA_TYPE (not application/octet-stream); VALIDATION_FAILED (bad
   *   hash header, part number, or size); CHECKSUM_MISMATCH; CONFLICT (part held with another
   *   hash); NOT_FOUND; DEPENDENCY_UNAVAILABLE (storage could not take it: retry).
   */
  async put(accountId: string, uploadId: string, n: number, headers: PartHeaders, body: unknown): Promise<PartView> {
    if (!(body instanceof Readable)) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'part body is not application/octet-stream', { publicMessage: 'Send the part as application/octet-stream.' });
    }
    const sha256 = parseSha256(headers.sha256);
    const upload = await this.uploads.requireUpload(accountId, uploadId);
    const ciphertextSize = Number(upload.ciphertextSize);
    const partCount = partCountOf(ciphertextSize, upload.partSize);
    if (n >= partCount) {
      throw new AppError('VALIDATION_FAILED', `part ${n} of ${partCount}`, { issues: [{ path: 'param.n', message: `must be below ${partCount}` }] });
    }
    const size = expectedPartSize(n, ciphertextSize, upload.partSize);
    if (headers.contentLength !== undefined && Number(headers.contentLength) !== size) throw wrongSize(n, size);

    const held = upload.parts.find((part) => part.n === n);
    if (held !== undefined) {
      if (held.objectId === sha256) return toPartView(held);
      throw partConflict(uploadId, n);
    }

    const part = new PartBody(body, size);
    try {
      await this.#store(part, sha256, size, n);
    } finally {
      void part.discardRest(this.config.drive.maxPartBytes);
    }
    return this.#record(uploadId, n, sha256, size);
  }

  /**
   * Streams the part into the store. An object already stored is not written again, but its bytes
   * are still read and hashed here: referring to an object requires holding its bytes, so that no
   * one can claim another account's object by its hash alone (no deduplication across accounts).
   */
  async #store(part: PartBody, sha256: string, size: number, n: number): Promise<void> {
    try {
      const receipt = await this.storage.store.put(sha256, part.stream, size);
      if (receipt.alreadyStored && (await part.sha256()) !== sha256) throw checksumMismatch(n);
    } catch (error) {
      throw partFailure(error, n, size);
    }
  }

  /**
   * Records the stored part for the upload, under the object's lock: the purge job deletes an
   * object only under that lock, after checking that no part refers to it, so the object is known
   * to be there when the row appears.
   */
  async #record(uploadId: string, n: number, sha256: string, size: number): Promise<PartView> {
    const outcome = await this.locks.withLock(sha256, async () => {
      const stored = await this.storage.store.stat(sha256).then(
        () => true,
        (error: unknown) => {
          if (isStorageError(error, 'NOT_FOUND')) return false;
          throw error;
        },
      );
      return stored ? this.versions.recordPart(uploadId, n, sha256, size) : ('purged' as const);
    });
    if (outcome === 'purged') {
      // Removed by a purge between the write and this lock: the client sends it again.
      throw new AppError('DEPENDENCY_UNAVAILABLE', `part ${n} of ${uploadId} was purged before it could be recorded`);
    }
    switch (outcome.kind) {
      case 'recorded':
        return { n, sha256, size };
      case 'exists':
        if (outcome.objectId === sha256) return { n, sha256, size };
        await this.#forget(sha256);
        throw partConflict(uploadId, n);
      case 'gone':
        await this.queues.enqueuePurges([sha256]);
        throw new AppError('NOT_FOUND', `upload ${uploadId} went away while part ${n} was stored`, { publicMessage: 'No such upload.' });
    }
  }

  /** Queues an object this request stored but may not refer to. */
  async #forget(sha256: string): Promise<void> {
    try {
      await this.versions.queuePurge(sha256);
      await this.queues.enqueuePurges([sha256]);
    } catch (error) {
      this.logger.warn(`stored object ${sha256} not queued for removal: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** @throws AppError VALIDATION_FAILED unless `header` is 64 hex digits. */
function parseSha256(header: string | undefined): string {
  if (header === undefined || !SHA256_HEX.test(header)) {
    throw new AppError('VALIDATION_FAILED', 'missing or malformed x-content-sha256', {
      issues: [{ path: 'headers.x-content-sha256', message: "must be the SHA-256 of the part's bytes, 64 hex digits" }],
    });
  }
  return header.toLowerCase();
}

function wrongSize(n: number, size: number): AppError {
  return new AppError('VALIDATION_FAILED', `part ${n} is not ${size} bytes`, { issues: [{ path: 'body', message: `part ${n} must be exactly ${size} bytes` }] });
}

function checksumMismatch(n: number): AppError {
  return new AppError('CHECKSUM_MISMATCH', `part ${n}: the body does not hash to x-content-sha256`);
}

function partConflict(uploadId: string, n: number): AppError {
  return new AppError('CONFLICT', `upload ${uploadId} holds part ${n} with another hash`, {
    publicMessage: 'This part was already uploaded with other bytes.',
  });
}

/** What a failed part write tells the client: its own mistake (4xx), or storage trouble (503). */
function partFailure(error: unknown, n: number, size: number): unknown {
  if (error instanceof AppError) return error;
  if (causedBy(error, PartLengthError)) return wrongSize(n, size);
  if (!(error instanceof StorageError)) {
    // The request stream failed outside the store (client gone while the body was hashed).
    return new AppError('VALIDATION_FAILED', `part ${n}: the body failed: ${messageOf(error)}`, { publicMessage: 'The request body ended before its end.', cause: error });
  }
  switch (error.code) {
    case 'INTEGRITY':
      return checksumMismatch(n);
    case 'ABORTED':
      return new AppError('VALIDATION_FAILED', `part ${n}: the body failed: ${error.message}`, { publicMessage: 'The request body ended before its end.', cause: error });
    case 'QUORUM_NOT_REACHED':
    case 'UNAVAILABLE':
      return new AppError('DEPENDENCY_UNAVAILABLE', `part ${n} not stored: ${error.message}`, { cause: error });
    default:
      return error;
  }
}

/** Whether `error`, or an error in its chain of causes, is a `type`. */
function causedBy(error: unknown, type: new (...args: never[]) => Error): boolean {
  for (let cause = error, depth = 0; cause !== undefined && depth < 10; cause = (cause as { cause?: unknown }).cause, depth += 1) {
    if (cause instanceof type) return true;
    if (!(cause instanceof Error)) return false;
  }
  return false;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

import { Injectable } from '@nestjs/common';
import { NodeAccessService } from '../access/node-access.service.js';
import { DriveQueues } from '../drive-jobs/drive-queues.js';
import { AppError } from '../errors/app-error.js';
import { type FileContent, FileContentService } from './file-content.service.js';
import { FileVersionsRepository } from './file-versions.repository.js';
import { toFileVersionView } from './file-views.js';
import { type FileVersionView } from './files.dto.js';

/** A file's version history and its content, for accounts that may read (or write) the file. */
@Injectable()
export class VersionsService {
  constructor(
    private readonly access: NodeAccessService,
    private readonly versions: FileVersionsRepository,
    private readonly content: FileContentService,
    private readonly queues: DriveQueues,
  ) {}

  /** The committed versions, newest first. @throws AppError NOT_FOUND */
  async list(accountId: string, nodeId: string): Promise<FileVersionView[]> {
    await this.#requireFile(accountId, nodeId, 'read');
    return (await this.versions.listCommitted(nodeId)).map(toFileVersionView);
  }

  /**
   * Makes version `number` the newest again: a new version over the same stored parts, charged to
   * the owner's quota like any other.
   * @throws AppError NOT_FOUND; QUOTA_EXCEEDED with `details.remainingBytes`.
   */
  async restore(accountId: string, nodeId: string, number: number, now = new Date()): Promise<FileVersionView> {
    const { ownerId } = await this.#requireFile(accountId, nodeId, 'write');
    const outcome = await this.versions.restoreVersion(nodeId, ownerId, number, now);
    switch (outcome.kind) {
      case 'created':
        await this.queues.enqueuePurges(outcome.purged);
        return toFileVersionView(outcome.version);
      case 'quota-exceeded':
        throw new AppError('QUOTA_EXCEEDED', `restore of ${nodeId} v${number}: ${outcome.remainingBytes} left`, {
          details: { remainingBytes: outcome.remainingBytes },
        });
      case 'gone':
        throw noSuchVersion(nodeId, number);
    }
  }

  /** Deletes one committed version; the file keeps at least one. @throws AppError NOT_FOUND, CONFLICT */
  async delete(accountId: string, nodeId: string, number: number): Promise<void> {
    await this.#requireFile(accountId, nodeId, 'write');
    const outcome = await this.versions.deleteCommitted(nodeId, number);
    if (outcome === 'gone') throw noSuchVersion(nodeId, number);
    if (outcome === 'only') {
      throw new AppError('CONFLICT', `v${number} is the only version of ${nodeId}`, {
        publicMessage: 'This is the only version of the file; delete the file instead.',
      });
    }
    await this.queues.enqueuePurges(outcome);
  }

  /** The ciphertext of a version (or the newest), whole or one range. @throws AppError NOT_FOUND, RANGE_NOT_SATISFIABLE */
  async read(accountId: string, nodeId: string, version: number | 'current', range: string | undefined): Promise<FileContent> {
    await this.#requireFile(accountId, nodeId, 'read');
    return this.content.open(nodeId, version, range);
  }

  async #requireFile(accountId: string, nodeId: string, need: 'read' | 'write') {
    const access = need === 'read' ? await this.access.requireRead(accountId, nodeId) : await this.access.requireWrite(accountId, nodeId);
    if (access.node.kind !== 'file') throw new AppError('NOT_FOUND', `${nodeId} is a folder`, { publicMessage: 'No such file.' });
    return access;
  }
}

function noSuchVersion(nodeId: string, number: number): AppError {
  return new AppError('NOT_FOUND', `no committed version ${number} of ${nodeId}`, { publicMessage: 'No such file version.' });
}

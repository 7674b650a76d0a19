import { Inject, Injectable, Logger } from '@nestjs/common';
import { type ObjectId } from '@coffre/storage/object-id';
import { type OpenedStorage } from '@coffre/storage/open-storage';
import { STORAGE } from '../storage/storage.tokens.js';
import { ObjectPurgesRepository } from './object-purges.repository.js';

/** What a purge job did. */
export type PurgeOutcome = 'deleted' | 'still-referenced' | 'absent' | 'not-queued';

/**
 * The purge job: deletes a stored object, from every backend, once no file version refers to it.
 * The check runs under the object's lock, which whoever records a new reference also holds, so
 * an object is never deleted under a part that was just recorded. Idempotent: running it twice,
 * or for an object already gone, changes nothing more.
 */
@Injectable()
export class ObjectPurgeService {
  private readonly logger = new Logger('ObjectPurge');

  constructor(
    private readonly purges: ObjectPurgesRepository,
    @Inject(STORAGE) private readonly storage: OpenedStorage,
  ) {}

  /**
   * Handles one purge job.
   * @throws what the database or the store throw: the job is retried later.
   */
  async purge(objectId: ObjectId): Promise<PurgeOutcome> {
    const queuedAt = await this.purges.queuedAt(objectId);
    if (queuedAt === null) return 'not-queued';
    let referenced = false;
    const deleted = await this.storage.store.delete(objectId, {
      onlyIf: async () => {
        referenced = await this.purges.isReferenced(objectId);
        return !referenced;
      },
    });
    await this.purges.forget(objectId, queuedAt);
    const outcome: PurgeOutcome = deleted ? 'deleted' : referenced ? 'still-referenced' : 'absent';
    this.logger.debug(`purge of ${objectId}: ${outcome}`);
    return outcome;
  }
}

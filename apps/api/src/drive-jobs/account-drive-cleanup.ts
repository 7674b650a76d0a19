import { Injectable } from '@nestjs/common';
import { DriveQueues } from './drive-queues.js';
import { ObjectPurgesRepository } from './object-purges.repository.js';

/**
 * Removes a deleted account's drive: its nodes at once, its stored objects through the purge
 * job (the purge checks, object by object, that nothing else refers to them).
 */
@Injectable()
export class AccountDriveCleanup {
  constructor(
    private readonly purges: ObjectPurgesRepository,
    private readonly queues: DriveQueues,
  ) {}

  /** @throws what the database throws; nothing is removed then, and a retry starts over. */
  async removeDriveOf(accountId: string): Promise<void> {
    await this.queues.enqueuePurges(await this.purges.removeDriveOf(accountId));
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { type RepairNeed, type RepairQueue } from '@coffre/storage/repair';
import { StorageQueues } from './storage-queues.js';

/**
 * Most needs being handed to Redis at once. While Redis is unreachable, queueing waits; past this
 * many, further needs are dropped (and said so in the log) rather than piling up in memory.
 */
const MAX_IN_FLIGHT = 1_000;

/**
 * The store's `RepairQueue`: hands each need to the repair queue in the background. `report` never
 * blocks or throws, as the store requires: a read that has found a good copy must not fail for
 * want of Redis. A need that cannot be queued is not lost for good: the scrub finds the damage
 * again and reports it anew.
 */
@Injectable()
export class QueuedRepairs implements RepairQueue {
  private readonly logger = new Logger('StorageRepairs');
  #inFlight = 0;
  #dropping = false;

  constructor(private readonly queues: StorageQueues) {}

  report(need: RepairNeed): void {
    if (this.#inFlight >= MAX_IN_FLIGHT) {
      if (!this.#dropping) this.logger.warn(`repair queue unreachable: dropping repair needs until it answers; the scrub will find them again`);
      this.#dropping = true;
      return;
    }
    this.#inFlight += 1;
    this.queues.enqueueRepair(need).then(
      () => {
        this.#dropping = false;
      },
      (error: unknown) => {
        this.logger.warn(`could not queue ${describeNeed(need)}: ${error instanceof Error ? error.message : String(error)}`);
      },
    ).finally(() => {
      this.#inFlight -= 1;
    });
  }
}

/** One line naming a need, for logs. */
export function describeNeed(need: RepairNeed): string {
  switch (need.kind) {
    case 'replace-copy':
      return `replace-copy of ${need.objectId} on ${need.backendId} (${need.reason})`;
    case 'complete-placement':
      return `complete-placement of ${need.objectId} (${need.missing} missing)`;
    case 'remove-orphan':
      return `remove-orphan of ${need.key} on ${need.backendId}`;
  }
}

import { type ObjectId } from './object-id.js';

/**
 * Work the store found but does not do inline: a read that met a bad copy, a write that stopped
 * short of the policy's number of copies, a copy that could not be cleaned up. `ReplicaMaintenance`
 * acts on these (the API runs it as BullMQ jobs); each is idempotent to act on, so duplicates are
 * harmless.
 */
export type RepairNeed =
  /**
   * A recorded copy is damaged or gone: rewrite it in place. `unreachable` (reported by the scrub
   * once a backend has been out of reach for longer than it is allowed to be, or has left the
   * configuration) also allows placing the copy on another backend.
   */
  | {
      readonly kind: 'replace-copy';
      readonly objectId: ObjectId;
      readonly shard: number;
      readonly backendId: string;
      readonly reason: 'corrupt' | 'missing' | 'unreachable';
      readonly detail: string;
    }
  /** The object has fewer copies than the policy asks for: `missing` more are needed. */
  | { readonly kind: 'complete-placement'; readonly objectId: ObjectId; readonly missing: number }
  /** A copy that no placement references could not be deleted; collect it later. */
  | { readonly kind: 'remove-orphan'; readonly backendId: string; readonly key: ObjectId };

/**
 * Where the store reports repair needs. `report` must not block or throw: an implementation that
 * enqueues a job does so in the background and handles its own failures, because a read that has
 * already found a good copy must not fail for want of a queue.
 */
export interface RepairQueue {
  report(need: RepairNeed): void;
}

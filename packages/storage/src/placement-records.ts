import { type ObjectId } from './object-id.js';
import { type PlacementStore, type ShardLocation } from './placement.js';

/** What the records know of one copy's bytes, from the last time they were checked. */
export type CopyState =
  /** Read back and matching every block hash (or written and verified on the way in). */
  | 'ok'
  /** Found not matching its block hashes, or not found at all: to be rewritten from a good copy. */
  | 'damaged'
  /** Its backend could not be reached. */
  | 'unreachable';

/** Names one recorded copy. */
export interface CopyRef {
  readonly objectId: ObjectId;
  readonly shard: number;
  readonly backendId: string;
}

/** One recorded copy and what is known of it. */
export interface CopyRecord extends CopyRef, ShardLocation {
  readonly state: CopyState;
  /** When `state` last changed: how long a backend has been out of reach is measured from it. */
  readonly stateSince: Date;
  /** When the bytes were last found intact: at the write, then at each successful check. */
  readonly verifiedAt: Date;
}

/** Asks for copies due for a check; see `PlacementRecords.claimCopiesToCheck`. */
export interface CheckClaim {
  /** Copies last found intact at or before this are due. */
  readonly verifiedBefore: Date;
  /**
   * Copies claimed at or after this (by this run or a concurrent one) are skipped. Scrub passes
   * its start minus the claim lease, so a claim lasts at least the lease whichever run looks, and
   * a claim left by a run that died is taken over once the lease has run out.
   */
  readonly skipClaimedSince: Date;
  readonly limit: number;
  /** Recorded on the claimed copies. */
  readonly now: Date;
}

/**
 * The placement records as maintenance (repair, scrub, garbage collection) needs them: placements,
 * plus the state of each copy and when it was last verified.
 *
 * `save` keeps what it knows of copies the placement still lists; copies it adds start `ok` and
 * verified at the time of the save (a write checks every byte on the way in); copies it no longer
 * lists are forgotten.
 */
export interface PlacementRecords extends PlacementStore {
  /**
   * Claims up to `limit` copies last verified at or before `verifiedBefore`, longest ago first, skipping
   * copies claimed since `skipClaimedSince`. Two scrubs running at once therefore check different
   * copies, and a run does not come back to a copy whose check found it damaged or unreachable.
   */
  claimCopiesToCheck(claim: CheckClaim): Promise<CopyRecord[]>;

  /**
   * Records what a check of one copy found: `ok` moves `verifiedAt` to `at`; a change of state
   * moves `stateSince` to `at`. Undefined when the copy is no longer recorded (its object was
   * deleted, or the copy moved, meanwhile).
   */
  recordCheck(copy: CopyRef, state: CopyState, at: Date): Promise<CopyRecord | undefined>;

  /** The keys among `keys` of which no copy is recorded on `backendId`: candidates for collection. */
  unreferencedOn(backendId: string, keys: readonly ObjectId[]): Promise<ObjectId[]>;
}

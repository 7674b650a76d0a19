import { type ObjectBackend } from '../backend.js';
import { type BackendHealth } from '../health.js';
import { type ObjectLocks } from '../object-locks.js';
import { type PlacementRecords } from '../placement-records.js';
import { type RepairQueue } from '../repair.js';
import { type BlockHashing } from '../replicated/block-hashing.js';
import { type ScrubCursors } from '../scrub-cursors.js';
import { type StoreTiming } from '../replicated/replicated-store.js';

/** What repair, scrub and garbage collection work with; the same pieces the store uses. */
export interface MaintenanceContext {
  readonly backends: ReadonlyMap<string, ObjectBackend>;
  readonly placements: PlacementRecords;
  readonly repairs: RepairQueue;
  readonly locks: ObjectLocks;
  readonly health: BackendHealth;
  readonly timing: StoreTiming;
  /** Hashes the blocks of copies being checked or read for repair. */
  readonly hashing: BlockHashing;
  /** Where each backend's listing resumes at the next scrub run. */
  readonly cursors: ScrubCursors;
  /** An unreferenced copy younger than this is left alone: it may belong to a write in progress. */
  readonly orphanGraceMs: number;
  readonly now: () => Date;
}

/** What a repair did, for the job's result and its log line. */
export type RepairOutcome =
  /** Copies were rewritten, placed, moved or removed. */
  | { readonly status: 'repaired'; readonly detail: string }
  /** Nothing needed doing (any more): the need was stale, or already met. */
  | { readonly status: 'nothing-to-do'; readonly detail: string }
  /** Not yet: an unreferenced copy younger than the grace period, which a later scrub collects. */
  | { readonly status: 'deferred'; readonly detail: string }
  /**
   * The object has fewer sound copies than its layout asks for, and no backend in a jurisdiction
   * it does not use yet is configured: repair cannot do better until the configuration changes.
   */
  | { readonly status: 'under-replicated'; readonly copies: number; readonly wanted: number; readonly detail: string };

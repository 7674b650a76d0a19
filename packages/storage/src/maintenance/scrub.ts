import { throwIfAborted } from '../abort.js';
import { StorageError } from '../errors.js';
import { MAX_LIST_LIMIT, type ObjectBackend } from '../backend.js';
import { type ObjectId } from '../object-id.js';
import { type Placement } from '../placement.js';
import { type CopyRecord } from '../placement-records.js';
import { checkCopy } from './check-copy.js';
import { type MaintenanceContext, type RepairOutcome } from './maintenance-context.js';

export interface ScrubOptions {
  /** A copy is checked again once this long has passed since it was last found intact. */
  readonly verifyEveryMs: number;
  /** Most copies one run checks; the rest wait for the next run, longest unverified first. */
  readonly copiesPerRun: number;
  /** A copy whose backend has been unreachable this long is placed elsewhere. */
  readonly relocateAfterMs: number;
  /**
   * Most keys one run lists on each backend to collect orphans; the next run resumes after the
   * last of them (`ScrubCursors`). Default `DEFAULT_KEYS_PER_RUN`.
   */
  readonly keysPerRun?: number;
  /** Stops the run between two copies or two listing pages. */
  readonly signal?: AbortSignal;
  /** Told after every batch of copies and every listing page. */
  readonly onProgress?: (progress: ScrubReport) => void | Promise<void>;
}

/** What a scrub run did so far, and in the end. */
export interface ScrubReport {
  readonly phase: 'checking copies' | 'collecting orphans' | 'done';
  readonly copiesChecked: number;
  readonly copiesIntact: number;
  /** Corrupt or missing copies found; a `replace-copy` repair was reported for each. */
  readonly copiesDamaged: number;
  readonly copiesUnreachable: number;
  /** Objects found with fewer copies than their layout; a `complete-placement` was reported for each. */
  readonly objectsShort: number;
  readonly keysListed: number;
  readonly orphansRemoved: number;
  /** Unreferenced copies left alone because they are younger than the grace period. */
  readonly orphansTooYoung: number;
  /** Backends that failed during garbage collection this run: their orphans wait for the next one. */
  readonly backendsSkipped: readonly string[];
}

type Tally = { -readonly [Key in keyof ScrubReport]: ScrubReport[Key] } & { backendsSkipped: string[] };

/**
 * How long a claim keeps other runs off a copy. Far longer than checking one batch takes; a run
 * that dies leaves claims that expire after it.
 */
export const CLAIM_LEASE_MS = 15 * 60 * 1000;

/** Copies claimed at a time: small, so that a run stopped midway leaves few claims behind. */
const CLAIM_BATCH = 16;

/**
 * Keys listed per backend and run when the options do not say: a hundred pages of S3's thousand,
 * a few seconds of listing, so that a backend of ten million objects is gone through in a hundred
 * runs (four days at the API's hourly scrub) and one of a hundred thousand in every run.
 */
export const DEFAULT_KEYS_PER_RUN = 100_000;

/**
 * One scrub run (see `ReplicaMaintenance.scrub`). Two phases:
 *
 * 1. Claims the copies verified longest ago (and due), reads each back whole, checks every block,
 *    records the outcome and reports what needs repair. Claims keep concurrent runs on different
 *    copies; a copy whose check was not `ok` is not claimed again by the same run.
 * 2. Lists up to `keysPerRun` keys of each backend, from where the last run stopped (its
 *    `ScrubCursors` entry) and collects the copies no placement references, once they are older
 *    than the grace period (a write in progress holds the object's lock and is young). A listing
 *    that reaches the last key sends the cursor back to the first, for the next run: each backend
 *    is gone through whole, a bounded slice per run, over and over.
 */
export async function runScrub(
  context: MaintenanceContext,
  removeOrphan: (backendId: string, key: ObjectId) => Promise<RepairOutcome>,
  options: ScrubOptions,
): Promise<ScrubReport> {
  const tally: Tally = {
    phase: 'checking copies',
    copiesChecked: 0,
    copiesIntact: 0,
    copiesDamaged: 0,
    copiesUnreachable: 0,
    objectsShort: 0,
    keysListed: 0,
    orphansRemoved: 0,
    orphansTooYoung: 0,
    backendsSkipped: [],
  };
  const keysPerRun = options.keysPerRun ?? DEFAULT_KEYS_PER_RUN;
  if (!Number.isSafeInteger(keysPerRun) || keysPerRun < 1) throw new StorageError('INVALID_INPUT', 'keysPerRun is a positive integer');
  const report = async (): Promise<void> => {
    await options.onProgress?.({ ...tally, backendsSkipped: [...tally.backendsSkipped] });
  };
  const startedAt = context.now();
  const verifiedBefore = new Date(startedAt.getTime() - options.verifyEveryMs);
  const short = new Set<ObjectId>();
  while (tally.copiesChecked < options.copiesPerRun) {
    throwIfAborted(options.signal);
    const batch = await context.placements.claimCopiesToCheck({
      verifiedBefore,
      // Not the run's own start: a concurrent run that started a moment later must still see
      // this run's claims as taken.
      skipClaimedSince: new Date(startedAt.getTime() - CLAIM_LEASE_MS),
      limit: Math.min(CLAIM_BATCH, options.copiesPerRun - tally.copiesChecked),
      now: context.now(),
    });
    if (batch.length === 0) break;
    for (const copy of batch) {
      throwIfAborted(options.signal);
      await scrubCopy(context, copy, tally, short, options.relocateAfterMs);
      tally.copiesChecked += 1;
    }
    await report();
  }

  tally.phase = 'collecting orphans';
  for (const backend of context.backends.values()) {
    await collectOrphans(backend, { removeOrphan, context, tally, report, keysPerRun, signal: options.signal });
  }
  tally.phase = 'done';
  await report();
  return { ...tally };
}

async function scrubCopy(context: MaintenanceContext, copy: CopyRecord, tally: Tally, short: Set<ObjectId>, relocateAfterMs: number): Promise<void> {
  const { placements, repairs, health } = context;
  const placement = await placements.get(copy.objectId);
  // Deleted since it was claimed: nothing to check.
  const shard = placement?.shards.find((candidate) => candidate.index === copy.shard);
  if (placement === undefined || shard === undefined) return;
  reportIfShort(context, placement, short, tally);

  const backend = context.backends.get(copy.backendId);
  // A backend cooling down after failures is not waited for again: it counts as unreachable.
  const check =
    backend === undefined
      ? ({ outcome: 'unreachable', detail: `${copy.backendId} is no longer configured` } as const)
      : health.isHealthy(backend.id)
        ? await checkCopy(shard, backend, { stallMs: context.timing.readStallMs, hashing: context.hashing })
        : ({ outcome: 'unreachable', detail: `${backend.id} is cooling down after failures` } as const);
  const now = context.now();
  const need = { kind: 'replace-copy', objectId: copy.objectId, shard: copy.shard, backendId: copy.backendId } as const;
  switch (check.outcome) {
    case 'intact':
      await placements.recordCheck(copy, 'ok', now);
      tally.copiesIntact += 1;
      return;
    case 'damaged':
      await placements.recordCheck(copy, 'damaged', now);
      repairs.report({ ...need, reason: check.reason, detail: check.detail });
      tally.copiesDamaged += 1;
      return;
    case 'unreachable': {
      if (backend !== undefined && health.isHealthy(backend.id)) health.recordFailure(backend.id);
      const record = await placements.recordCheck(copy, 'unreachable', now);
      tally.copiesUnreachable += 1;
      // Gone from the configuration is deliberate: no point waiting for it to come back.
      const waitedEnough = backend === undefined || (record !== undefined && now.getTime() - record.stateSince.getTime() >= relocateAfterMs);
      if (record !== undefined && waitedEnough) repairs.report({ ...need, reason: 'unreachable', detail: check.detail });
      return;
    }
  }
}

/** Reports a `complete-placement` for an object with fewer copies than its layout, once per run. */
function reportIfShort(context: MaintenanceContext, placement: Placement, short: Set<ObjectId>, tally: Tally): void {
  const missing = placement.layout.copies - placement.locations.length;
  if (missing <= 0 || short.has(placement.objectId)) return;
  short.add(placement.objectId);
  context.repairs.report({ kind: 'complete-placement', objectId: placement.objectId, missing });
  tally.objectsShort += 1;
}

interface Collection {
  readonly removeOrphan: (backendId: string, key: ObjectId) => Promise<RepairOutcome>;
  readonly context: MaintenanceContext;
  readonly tally: Tally;
  readonly report: () => Promise<void>;
  readonly keysPerRun: number;
  readonly signal: AbortSignal | undefined;
}

/**
 * Lists up to `keysPerRun` keys of `backend` from its cursor on, page by page, and collects the
 * unreferenced ones. The cursor moves past a page once the page has been dealt with, so a run that
 * stops midway is resumed from the page it was on, never past it. A run that finds the cursor moved
 * by another run follows it rather than moving it back.
 */
async function collectOrphans(backend: ObjectBackend, collection: Collection): Promise<void> {
  const { removeOrphan, context, tally, report, keysPerRun, signal } = collection;
  let listed = 0;
  let after = await context.cursors.get(backend.id);
  while (listed < keysPerRun) {
    throwIfAborted(signal);
    let keys: readonly ObjectId[];
    let next: ObjectId | undefined;
    try {
      const page = await backend.list({ ...(after === undefined ? {} : { after }), limit: Math.min(MAX_LIST_LIMIT, keysPerRun - listed) });
      keys = page.keys;
      next = page.next;
    } catch {
      tally.backendsSkipped.push(backend.id);
      return;
    }
    listed += keys.length;
    tally.keysListed += keys.length;
    for (const key of await context.placements.unreferencedOn(backend.id, keys)) {
      throwIfAborted(signal);
      const outcome = await removeOrphan(backend.id, key).catch(() => undefined);
      if (outcome === undefined) {
        // The backend failed midway: the rest of its orphans wait for the next run, from this page.
        tally.backendsSkipped.push(backend.id);
        return;
      }
      if (outcome.status === 'repaired') tally.orphansRemoved += 1;
      if (outcome.status === 'deferred') tally.orphansTooYoung += 1;
    }
    await report();
    if (!(await context.cursors.advance(backend.id, after, next))) {
      after = await context.cursors.get(backend.id);
      continue;
    }
    // The end of the listing: the cursor is back at the first key, where the next run begins.
    if (next === undefined) return;
    after = next;
  }
}

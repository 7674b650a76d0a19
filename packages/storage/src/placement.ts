import { StorageError } from './errors.js';
import { type ObjectId } from './object-id.js';
import { type CheckClaim, type CopyRecord, type CopyRef, type CopyState, type PlacementRecords } from './placement-records.js';

/**
 * How an object's bytes are spread over backends.
 *
 * Only whole-object replication exists today. Erasure coding plugs in as a second kind,
 * `{ kind: 'erasure'; dataShards: k; parityShards: m }`: the object is cut into k data shards plus
 * m parity shards, each stored as its own content-addressed object, any k of which rebuild it
 * (see README.md, "Erasure coding").
 */
export type Layout = { readonly kind: 'replicated'; readonly copies: number };

/**
 * One piece of an object as stored: under replication the whole object (index 0, key = object
 * id); under erasure coding, shard `index` of n. Every shard is itself content-addressed.
 *
 * `blockHashes` are the SHA-256 of each `blockSize` block of the shard (the last block may be
 * shorter), concatenated. They let a reader check any byte range, and switch to another copy in
 * the middle of a stream, without reading the whole shard first.
 */
export interface ShardDescriptor {
  readonly index: number;
  readonly key: ObjectId;
  readonly size: number;
  readonly blockSize: number;
  readonly blockHashes: Uint8Array;
}

/** Where one copy of a shard lives. */
export interface ShardLocation {
  readonly shard: number;
  readonly backendId: string;
  readonly jurisdiction: string;
}

/** Everything needed to find, verify and repair one stored object. */
export interface Placement {
  readonly objectId: ObjectId;
  /** Size of the object in bytes (the ciphertext). */
  readonly size: number;
  readonly layout: Layout;
  readonly shards: readonly ShardDescriptor[];
  /** Durable copies, at most one per jurisdiction for a given shard. */
  readonly locations: readonly ShardLocation[];
  readonly createdAt: Date;
}

/**
 * The store's record of which objects exist and where. An object is "referenced" exactly when it
 * has a placement: copies that no placement points to are garbage, whatever the backends hold.
 *
 * `InMemoryPlacementStore` keeps placements in memory; the API keeps them in Postgres. Writers,
 * repairers and deleters of one object are serialised by `ObjectLocks`, so implementations need
 * no compare-and-swap of their own. Maintenance needs more of the records: `PlacementRecords`.
 */
export interface PlacementStore {
  /** The object's placement, or undefined when the object is not referenced. */
  get(objectId: ObjectId): Promise<Placement | undefined>;
  /** Creates or replaces the object's placement. */
  save(placement: Placement): Promise<void>;
  /** Forgets the object; true if it had a placement. */
  remove(objectId: ObjectId): Promise<boolean>;
}

/** Placements and copy records in Maps: for tests and single-process tools. */
export class InMemoryPlacementStore implements PlacementRecords {
  readonly #placements = new Map<ObjectId, Placement>();
  readonly #copies = new Map<string, StoredCopy>();
  readonly #now: () => Date;

  /** @param now clock for the times copies are recorded at; tests pass their own. */
  constructor(now: () => Date = () => new Date()) {
    this.#now = now;
  }

  async get(objectId: ObjectId): Promise<Placement | undefined> {
    return this.#placements.get(objectId);
  }

  async save(placement: Placement): Promise<void> {
    assertPlacementConsistent(placement);
    const now = this.#now();
    const kept = new Set<string>();
    for (const location of placement.locations) {
      const key = copyKey({ objectId: placement.objectId, ...location });
      kept.add(key);
      if (!this.#copies.has(key)) {
        this.#copies.set(key, { objectId: placement.objectId, ...location, state: 'ok', stateSince: now, verifiedAt: now, claimedAt: undefined });
      }
    }
    this.#forgetCopies(placement.objectId, kept);
    this.#placements.set(placement.objectId, freezePlacement(placement));
  }

  async remove(objectId: ObjectId): Promise<boolean> {
    this.#forgetCopies(objectId, new Set());
    return this.#placements.delete(objectId);
  }

  async claimCopiesToCheck(claim: CheckClaim): Promise<CopyRecord[]> {
    const due = [...this.#copies.values()]
      .filter((copy) => copy.verifiedAt <= claim.verifiedBefore && (copy.claimedAt === undefined || copy.claimedAt < claim.skipClaimedSince))
      .sort((a, b) => a.verifiedAt.getTime() - b.verifiedAt.getTime())
      .slice(0, claim.limit);
    for (const copy of due) copy.claimedAt = claim.now;
    return due.map(publicRecord);
  }

  async recordCheck(copy: CopyRef, state: CopyState, at: Date): Promise<CopyRecord | undefined> {
    const record = this.#copies.get(copyKey(copy));
    if (record === undefined) return undefined;
    if (record.state !== state) record.stateSince = at;
    record.state = state;
    if (state === 'ok') record.verifiedAt = at;
    return publicRecord(record);
  }

  async unreferencedOn(backendId: string, keys: readonly ObjectId[]): Promise<ObjectId[]> {
    return keys.filter((key) => ![...this.#copies.values()].some((copy) => copy.objectId === key && copy.backendId === backendId));
  }

  /** Every referenced object id, for tests asserting that nothing is left referenced. */
  objectIds(): ObjectId[] {
    return [...this.#placements.keys()];
  }

  /** What is recorded of each copy of `objectId`, for tests. */
  copiesOf(objectId: ObjectId): CopyRecord[] {
    return [...this.#copies.values()].filter((copy) => copy.objectId === objectId).map(publicRecord);
  }

  #forgetCopies(objectId: ObjectId, except: ReadonlySet<string>): void {
    for (const [key, copy] of this.#copies) if (copy.objectId === objectId && !except.has(key)) this.#copies.delete(key);
  }
}

/** A copy record as the in-memory store keeps it: updated in place, with its scrub claim. */
type StoredCopy = { -readonly [Key in keyof CopyRecord]: CopyRecord[Key] } & { claimedAt: Date | undefined };

function copyKey(copy: CopyRef): string {
  return `${copy.objectId}/${copy.shard}/${copy.backendId}`;
}

function publicRecord(record: StoredCopy): CopyRecord {
  const { claimedAt: _claim, ...copy } = record;
  return Object.freeze(copy);
}

/** Bytes of one block hash (SHA-256). */
export const BLOCK_HASH_BYTES = 32;

/** Number of blocks a shard of `size` bytes has when cut into `blockSize` blocks. */
export function blockCount(size: number, blockSize: number): number {
  return Math.ceil(size / blockSize);
}

/**
 * Checks the invariants every PlacementStore may rely on.
 *
 * @throws {StorageError} INVALID_INPUT
 */
export function assertPlacementConsistent(placement: Placement): void {
  const problem = placementProblem(placement);
  if (problem !== undefined) throw new StorageError('INVALID_INPUT', `inconsistent placement for ${placement.objectId}: ${problem}`);
}

function placementProblem(placement: Placement): string | undefined {
  const { layout, shards, locations } = placement;
  if (layout.kind !== 'replicated') return `unknown layout ${String((layout as { kind: unknown }).kind)}`;
  const [shard] = shards;
  if (shards.length !== 1 || shard === undefined || shard.index !== 0) return 'a replicated object has exactly one shard, index 0';
  if (shard.key !== placement.objectId || shard.size !== placement.size) return 'a replica is the whole object';
  if (shard.blockHashes.length !== blockCount(shard.size, shard.blockSize) * BLOCK_HASH_BYTES) return 'block hashes do not cover the shard';
  const jurisdictions = new Set(locations.map((location) => `${location.shard}/${location.jurisdiction}`));
  if (jurisdictions.size !== locations.length) return 'two copies of a shard in one jurisdiction';
  if (locations.some((location) => location.shard !== 0)) return 'a location points to a shard that does not exist';
  return undefined;
}

function freezePlacement(placement: Placement): Placement {
  return Object.freeze({
    ...placement,
    layout: Object.freeze({ ...placement.layout }),
    shards: Object.freeze(placement.shards.map((shard) => Object.freeze({ ...shard, blockHashes: shard.blockHashes.slice() }))),
    locations: Object.freeze(placement.locations.map((location) => Object.freeze({ ...location }))),
  });
}

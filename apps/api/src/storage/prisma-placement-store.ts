import { Inject, Injectable } from '@nestjs/common';
import { type Database } from '@coffre/db/client';
import { type ObjectId } from '@coffre/storage/object-id';
import { type Placement, assertPlacementConsistent } from '@coffre/storage/placement';
import { type CheckClaim, type CopyRecord, type CopyRef, type CopyState, type PlacementRecords } from '@coffre/storage/placement-records';
import { DATABASE } from '../database/database.module.js';

/** A copy row as the raw queries return it. */
interface CopyRow {
  object_id: string;
  shard: number;
  backend_id: string;
  jurisdiction: string;
  state: CopyState;
  state_since: Date;
  verified_at: Date;
}

/**
 * The store's placement records in Postgres (or the embedded PGlite): `stored_objects`, one row
 * per referenced object with its block hashes, and `object_copies`, one row per copy with its
 * state. Queries only: the rules live in packages/storage, which this implements
 * `PlacementRecords` for.
 *
 * Every change to an object's copies also refreshes its `missing_copies` in the same transaction,
 * so that the number of under-replicated objects is one indexed count away.
 */
@Injectable()
export class PrismaPlacementStore implements PlacementRecords {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  async get(objectId: ObjectId): Promise<Placement | undefined> {
    const row = await this.database.prisma.storedObject.findUnique({
      where: { id: objectId },
      include: { locations: { orderBy: [{ shard: 'asc' }, { backendId: 'asc' }] } },
    });
    if (row === null) return undefined;
    // Only replication is stored today; a layout this code does not know must not be misread.
    if (row.layout !== 'replicated') throw new Error(`stored object ${row.id} has the unknown layout "${row.layout}"`);
    const size = Number(row.size);
    return {
      objectId: row.id,
      size,
      layout: { kind: 'replicated', copies: row.copies },
      shards: [{ index: 0, key: row.id, size, blockSize: row.blockSize, blockHashes: new Uint8Array(row.blockHashes) }],
      locations: row.locations.map((copy) => ({ shard: copy.shard, backendId: copy.backendId, jurisdiction: copy.jurisdiction })),
      createdAt: row.createdAt,
    };
  }

  async save(placement: Placement): Promise<void> {
    assertPlacementConsistent(placement);
    const { prisma } = this.database;
    const { objectId, layout, locations } = placement;
    const shard = placement.shards[0]!;
    const now = new Date();
    await prisma.$transaction([
      // The id is the hash of the bytes: size and block hashes of an existing row cannot differ.
      prisma.storedObject.upsert({
        where: { id: objectId },
        create: {
          id: objectId,
          size: BigInt(placement.size),
          layout: layout.kind,
          copies: layout.copies,
          blockSize: shard.blockSize,
          blockHashes: new Uint8Array(shard.blockHashes),
          createdAt: placement.createdAt,
        },
        update: { copies: layout.copies },
      }),
      prisma.objectCopy.deleteMany({
        where: { objectId, NOT: { OR: locations.map((location) => ({ shard: location.shard, backendId: location.backendId })) } },
      }),
      prisma.objectCopy.createMany({
        data: locations.map((location) => ({ objectId, ...location, state: 'ok' as const, stateSince: now, verifiedAt: now })),
        skipDuplicates: true,
      }),
      this.#refreshMissingCopies(objectId),
    ]);
  }

  async remove(objectId: ObjectId): Promise<boolean> {
    const { count } = await this.database.prisma.storedObject.deleteMany({ where: { id: objectId } });
    return count > 0;
  }

  async claimCopiesToCheck(claim: CheckClaim): Promise<CopyRecord[]> {
    // SKIP LOCKED: two scrubs claiming at the same moment take different rows instead of waiting.
    const rows = await this.database.prisma.$queryRaw<CopyRow[]>`
      UPDATE object_copies AS c SET claimed_at = ${claim.now}
      FROM (
        SELECT object_id, shard, backend_id FROM object_copies
        WHERE verified_at <= ${claim.verifiedBefore} AND (claimed_at IS NULL OR claimed_at < ${claim.skipClaimedSince})
        ORDER BY verified_at
        LIMIT ${claim.limit}
        FOR UPDATE SKIP LOCKED
      ) AS due
      WHERE c.object_id = due.object_id AND c.shard = due.shard AND c.backend_id = due.backend_id
      RETURNING c.object_id, c.shard, c.backend_id, c.jurisdiction, c.state::text AS state, c.state_since, c.verified_at`;
    return rows.map(toCopyRecord).sort((a, b) => a.verifiedAt.getTime() - b.verifiedAt.getTime());
  }

  async recordCheck(copy: CopyRef, state: CopyState, at: Date): Promise<CopyRecord | undefined> {
    const { prisma } = this.database;
    const [rows] = await prisma.$transaction([
      prisma.$queryRaw<CopyRow[]>`
        UPDATE object_copies SET
          state_since = CASE WHEN state = ${state}::copy_state THEN state_since ELSE ${at} END,
          state = ${state}::copy_state,
          verified_at = CASE WHEN ${state}::text = 'ok' THEN ${at} ELSE verified_at END
        WHERE object_id = ${copy.objectId} AND shard = ${copy.shard} AND backend_id = ${copy.backendId}
        RETURNING object_id, shard, backend_id, jurisdiction, state::text AS state, state_since, verified_at`,
      this.#refreshMissingCopies(copy.objectId),
    ]);
    const [row] = rows;
    return row === undefined ? undefined : toCopyRecord(row);
  }

  async unreferencedOn(backendId: string, keys: readonly ObjectId[]): Promise<ObjectId[]> {
    if (keys.length === 0) return [];
    const rows = await this.database.prisma.$queryRaw<{ key: string }[]>`
      SELECT key FROM unnest(${[...keys]}::text[]) AS key
      WHERE NOT EXISTS (SELECT 1 FROM object_copies c WHERE c.object_id = key AND c.backend_id = ${backendId})
      ORDER BY key`;
    return rows.map((row) => row.key);
  }

  /** Objects with fewer sound copies than their layout asks for. */
  countUnderReplicated(): Promise<number> {
    return this.database.prisma.storedObject.count({ where: { missingCopies: { gt: 0 } } });
  }

  #refreshMissingCopies(objectId: ObjectId) {
    return this.database.prisma.$executeRaw`
      UPDATE stored_objects SET missing_copies = GREATEST(
        copies - (SELECT count(*) FROM object_copies WHERE object_id = ${objectId} AND state = 'ok'), 0)
      WHERE id = ${objectId}`;
  }
}

function toCopyRecord(row: CopyRow): CopyRecord {
  return {
    objectId: row.object_id,
    shard: row.shard,
    backendId: row.backend_id,
    jurisdiction: row.jurisdiction,
    state: row.state,
    stateSince: new Date(row.state_since),
    verifiedAt: new Date(row.verified_at),
  };
}

import { Prisma } from '@coffre/db/client';
import { type ObjectId } from '@coffre/storage/object-id';

/** A Prisma client inside an interactive transaction. */
export type Transaction = Prisma.TransactionClient;

/**
 * The new time of a purge row queued again: strictly later than the old one. A purge job that
 * read the old time forgets the row only if it still holds that time, so a queueing that happened
 * while the job ran is never lost, even within the same millisecond.
 */
const PURGE_REQUEUED_AT = Prisma.sql`GREATEST(clock_timestamp(), object_purges.created_at + interval '1 millisecond')`;

/**
 * Removes file versions (uploads or committed) inside the caller's transaction: their quota goes
 * back to the owners, the stored objects of their parts are queued in `object_purges`, and the
 * rows go. Returns the queued object ids, for the caller to hand to the purge queue once the
 * transaction has committed (the purge job checks again that nothing refers to them).
 *
 * The versions are locked first: a part being recorded for one of them either commits before
 * (and is queued here) or fails on the missing version afterwards (and its recorder queues it).
 */
export async function disposeVersions(tx: Transaction, versionIds: readonly string[]): Promise<ObjectId[]> {
  if (versionIds.length === 0) return [];
  const ids = [...versionIds];
  await tx.$executeRaw`SELECT 1 FROM file_versions WHERE id = ANY(${ids}::uuid[]) ORDER BY id FOR UPDATE`;
  await tx.$executeRaw`
    UPDATE accounts AS a SET used_bytes = GREATEST(a.used_bytes - released.bytes, 0)
    FROM (
      SELECT n.owner_id, SUM(v.quota_bytes) AS bytes
      FROM file_versions v JOIN nodes n ON n.id = v.node_id
      WHERE v.id = ANY(${ids}::uuid[])
      GROUP BY n.owner_id
    ) AS released
    WHERE a.id = released.owner_id`;
  const objectIds = await queuePurges(tx, ids);
  await tx.$executeRaw`DELETE FROM file_versions WHERE id = ANY(${ids}::uuid[])`;
  return objectIds;
}

/** Queues the objects of the parts of `versionIds` for removal; returns their ids. */
async function queuePurges(tx: Transaction, versionIds: string[]): Promise<ObjectId[]> {
  const rows = await tx.$queryRaw<{ object_id: string }[]>`
    INSERT INTO object_purges (object_id, created_at)
    SELECT object_id, clock_timestamp() FROM (SELECT DISTINCT object_id FROM version_parts WHERE version_id = ANY(${versionIds}::uuid[])) AS parts
    ON CONFLICT (object_id) DO UPDATE SET created_at = ${PURGE_REQUEUED_AT}
    RETURNING object_id`;
  return rows.map((row) => row.object_id);
}

/**
 * Queues one object for removal, outside any version: an object stored for an upload that went
 * away before its part could be recorded.
 */
export async function queueObjectPurge(client: Pick<Transaction, '$executeRaw'>, objectId: ObjectId): Promise<void> {
  await client.$executeRaw`
    INSERT INTO object_purges (object_id, created_at) VALUES (${objectId}, clock_timestamp())
    ON CONFLICT (object_id) DO UPDATE SET created_at = ${PURGE_REQUEUED_AT}`;
}

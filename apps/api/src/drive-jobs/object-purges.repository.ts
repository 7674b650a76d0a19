import { Inject, Injectable } from '@nestjs/common';
import { type Database } from '@coffre/db/client';
import { type ObjectId } from '@coffre/storage/object-id';
import { DATABASE } from '../database/database.module.js';
import { disposeVersions } from '../files/dispose-versions.js';

/**
 * `object_purges`, the stored objects waiting for removal, and the references that decide
 * whether one may go: `version_parts` rows.
 */
@Injectable()
export class ObjectPurgesRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /** When the object was (last) queued for removal, or null when it is not queued. */
  async queuedAt(objectId: ObjectId): Promise<Date | null> {
    const row = await this.database.prisma.objectPurge.findUnique({ where: { objectId } });
    return row?.createdAt ?? null;
  }

  /**
   * Whether any file version's part refers to the object. Parts are the only references to stored
   * objects today; whatever else comes to refer to them must be checked here and in
   * {@link queueOrphans}.
   */
  async isReferenced(objectId: ObjectId): Promise<boolean> {
    return (await this.database.prisma.versionPart.findFirst({ where: { objectId }, select: { n: true } })) !== null;
  }

  /**
   * Forgets the object's queue entry if it is still the one queued at `queuedAt`: an entry queued
   * again while the purge ran (a later time) stays for the next purge.
   */
  async forget(objectId: ObjectId, queuedAt: Date): Promise<void> {
    await this.database.prisma.objectPurge.deleteMany({ where: { objectId, createdAt: queuedAt } });
  }

  /** Objects queued before `before`, oldest first: purge jobs that may have been lost. */
  async queuedBefore(before: Date, limit: number): Promise<ObjectId[]> {
    const rows = await this.database.prisma.objectPurge.findMany({
      where: { createdAt: { lt: before } },
      orderBy: { createdAt: 'asc' },
      take: limit,
      select: { objectId: true },
    });
    return rows.map((row) => row.objectId);
  }

  /**
   * Scans the next `limit` stored objects by id after `after` (null: from the first) and queues for
   * removal those created before `createdBefore` that nothing refers to: objects written by an
   * upload whose part row never followed (the process died between the two). Queueing one still
   * referenced, or that a retried upload refers to again, is harmless: the purge checks under the
   * object's lock.
   * @returns the objects queued now (not those already queued), and the id to continue after, or
   *   null once the scan reached the last object.
   */
  async queueOrphans(after: ObjectId | null, createdBefore: Date, limit: number): Promise<{ queued: ObjectId[]; next: ObjectId | null }> {
    const [result] = await this.database.prisma.$queryRaw<{ queued: ObjectId[]; last: ObjectId | null; scanned: bigint }[]>`
      WITH page AS (
        SELECT id, created_at FROM stored_objects WHERE id > ${after ?? ''} ORDER BY id LIMIT ${limit}
      ), orphans AS (
        INSERT INTO object_purges (object_id, created_at)
        SELECT page.id, now() FROM page
        WHERE page.created_at < ${createdBefore}
          AND NOT EXISTS (SELECT 1 FROM version_parts WHERE version_parts.object_id = page.id)
        ON CONFLICT (object_id) DO NOTHING
        RETURNING object_id
      )
      SELECT ARRAY(SELECT object_id FROM orphans ORDER BY object_id) AS queued,
             (SELECT max(id) FROM page) AS last,
             (SELECT count(*) FROM page) AS scanned`;
    if (result === undefined) throw new Error('orphan scan returned no row');
    return { queued: result.queued, next: Number(result.scanned) < limit ? null : result.last };
  }

  /**
   * Removes a deleted account's drive, in one transaction: every node it owns (and so every
   * version, link and share of them) goes, and the stored objects of their parts are queued for
   * removal (returned).
   */
  async removeDriveOf(accountId: string): Promise<ObjectId[]> {
    return this.database.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT 1 FROM nodes WHERE owner_id = ${accountId}::uuid ORDER BY id FOR UPDATE`;
      const versions = await tx.fileVersion.findMany({ where: { node: { ownerId: accountId } }, select: { id: true } });
      const purged = await disposeVersions(tx, versions.map((version) => version.id));
      await tx.node.deleteMany({ where: { ownerId: accountId } });
      return purged;
    });
  }
}

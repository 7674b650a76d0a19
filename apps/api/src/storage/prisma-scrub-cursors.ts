import { Inject, Injectable } from '@nestjs/common';
import { type Database } from '@coffre/db/client';
import { type ObjectId } from '@coffre/storage/object-id';
import { type ScrubCursors } from '@coffre/storage/scrub-cursors';
import { DATABASE } from '../database/database.module.js';

/**
 * Where the scrub's listing of each backend resumes, in Postgres (`scrub_cursors`), beside the copy
 * records the scrub also works from: every API instance, and every restart, resumes from the same
 * key. Queries only; the rules are in packages/storage (`runScrub`).
 *
 * Moving a cursor is a compare-and-set in one statement, so two runs at once never move one back.
 */
@Injectable()
export class PrismaScrubCursors implements ScrubCursors {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  async get(backendId: string): Promise<ObjectId | undefined> {
    const row = await this.database.prisma.scrubCursor.findUnique({ where: { backendId } });
    return row?.afterKey ?? undefined;
  }

  async advance(backendId: string, from: ObjectId | undefined, to: ObjectId | undefined): Promise<boolean> {
    const afterKey = to ?? null;
    if (from !== undefined) {
      const { count } = await this.database.prisma.scrubCursor.updateMany({ where: { backendId, afterKey: from }, data: { afterKey, movedAt: new Date() } });
      return count === 1;
    }
    // At the first key: no row yet, or a row whose listing reached the end.
    const moved = await this.database.prisma.$executeRaw`
      INSERT INTO scrub_cursors (backend_id, after_key, moved_at) VALUES (${backendId}, ${afterKey}, now())
      ON CONFLICT (backend_id) DO UPDATE SET after_key = EXCLUDED.after_key, moved_at = EXCLUDED.moved_at
      WHERE scrub_cursors.after_key IS NULL`;
    return moved === 1;
  }
}

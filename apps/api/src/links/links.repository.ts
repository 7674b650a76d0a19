import { Inject, Injectable } from '@nestjs/common';
import { type Database, type Link, Prisma } from '@coffre/db/client';
import { DATABASE } from '../database/database.module.js';
import { type PagePosition } from '../nodes/nodes.repository.js';

export type { Link };

/** A link with the kind of the node it leads to. */
export type LinkWithKind = Link & { node: { kind: 'folder' | 'file' } };

/** What a new link records; everything but the counters comes from the client. */
export interface NewLink {
  id: string;
  ownerId: string;
  nodeId: string;
  keyWrap: Uint8Array<ArrayBuffer>;
  passwordParams: Uint8Array<ArrayBuffer> | null;
  accessHash: Uint8Array<ArrayBuffer>;
  expiresAt: Date | null;
  maxDownloads: number | null;
  createdAt: Date;
}

/** Queries on the links table. */
@Injectable()
export class LinksRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /** Inserts a link; 'id-taken' if a link with this id exists already (anyone's). */
  async create(link: NewLink): Promise<LinkWithKind | 'id-taken'> {
    try {
      return await this.database.prisma.link.create({ data: link, include: { node: { select: { kind: true } } } });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return 'id-taken';
      throw error;
    }
  }

  find(id: string): Promise<LinkWithKind | null> {
    return this.database.prisma.link.findUnique({ where: { id }, include: { node: { select: { kind: true } } } });
  }

  /** The owner's links, newest first, starting after `after`; `limit` of them at most. */
  /**
   * The links `accountId` may manage, newest first: those it created, and those others (read-write
   * sharers) created on nodes it owns.
   */
  listManagedBy(accountId: string, after: PagePosition | undefined, limit: number): Promise<LinkWithKind[]> {
    return this.database.prisma.link.findMany({
      where: {
        AND: [
          managedBy(accountId),
          ...(after !== undefined ? [{ OR: [{ createdAt: { lt: after.at } }, { createdAt: after.at, id: { lt: after.id } }] }] : []),
        ],
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
      include: { node: { select: { kind: true } } },
    });
  }

  /**
   * Revokes a link `accountId` may manage (see {@link listManagedBy}); a link revoked before keeps
   * its first revocation time. False if there is no such link.
   */
  async revoke(accountId: string, id: string, now: Date): Promise<boolean> {
    const { count } = await this.database.prisma.link.updateMany({ where: { id, revokedAt: null, ...managedBy(accountId) }, data: { revokedAt: now } });
    return count === 1 || (await this.database.prisma.link.count({ where: { id, ...managedBy(accountId) } })) === 1;
  }

  /**
   * Counts one download if the link may still be opened at `now`, in one statement: Postgres
   * re-checks the conditions on the row it locked, so concurrent calls on a link limited to N
   * succeed exactly N times between them. The new count, or null when nothing was counted.
   */
  async spendDownload(id: string, now: Date): Promise<number | null> {
    const rows = await this.database.prisma.$queryRaw<{ downloads: number }[]>`
      UPDATE links SET downloads = downloads + 1
      WHERE id = ${id}
        AND revoked_at IS NULL
        AND (expires_at IS NULL OR expires_at > ${now})
        AND (max_downloads IS NULL OR downloads < max_downloads)
      RETURNING downloads`;
    return rows[0]?.downloads ?? null;
  }
}

/** Links the account created, or made on a node it owns. */
function managedBy(accountId: string) {
  return { OR: [{ ownerId: accountId }, { node: { ownerId: accountId } }] };
}

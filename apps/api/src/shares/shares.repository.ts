import { Inject, Injectable } from '@nestjs/common';
import { type Database, Prisma, type Share } from '@coffre/db/client';
import { DATABASE } from '../database/database.module.js';

export type { Share };

/** A share with the emails of both accounts (null for a deleted account). */
export type ShareWithEmails = Share & { owner: { email: string | null }; recipient: { email: string | null } };

/** What a new share records. */
export interface NewShare {
  nodeId: string;
  ownerId: string;
  recipientId: string;
  role: 'read' | 'write';
  sealedKey: Uint8Array<ArrayBuffer>;
  createdAt: Date;
}

const withEmails = { owner: { select: { email: true } }, recipient: { select: { email: true } } } as const;
/** Shares between live accounts: a deleted account's shares disappear with it. */
const live = { owner: { deletedAt: null }, recipient: { deletedAt: null } } as const;

/** Queries on the shares table. */
@Injectable()
export class SharesRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /** Inserts a share; 'exists' if the node is already shared with that recipient. */
  async create(share: NewShare): Promise<ShareWithEmails | 'exists'> {
    try {
      return await this.database.prisma.share.create({ data: share, include: withEmails });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return 'exists';
      throw error;
    }
  }

  /** Shares the account gave, newest first. */
  listByOwner(ownerId: string): Promise<ShareWithEmails[]> {
    return this.database.prisma.share.findMany({ where: { ownerId, ...live }, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }], include: withEmails });
  }

  /** Shares the account received, pending and accepted, newest first. */
  listByRecipient(recipientId: string): Promise<ShareWithEmails[]> {
    return this.database.prisma.share.findMany({ where: { recipientId, ...live }, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }], include: withEmails });
  }

  /**
   * Marks the recipient's share accepted (keeping the first acceptance time). Null if the
   * account received no such share.
   */
  async accept(recipientId: string, id: string, now: Date): Promise<ShareWithEmails | null> {
    await this.database.prisma.share.updateMany({ where: { id, recipientId, acceptedAt: null, ...live }, data: { acceptedAt: now } });
    return this.database.prisma.share.findFirst({ where: { id, recipientId, ...live }, include: withEmails });
  }

  /** Deletes a share the account gave or received; false if it has no such share. */
  async deleteFor(accountId: string, id: string): Promise<boolean> {
    const { count } = await this.database.prisma.share.deleteMany({ where: { id, OR: [{ ownerId: accountId }, { recipientId: accountId }] } });
    return count === 1;
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { type Database, type Session } from '@coffre/db/client';
import { DATABASE } from '../database/database.module.js';

export type { Session };

/** A session found by its token, with what decides whether it may still act. */
export type SessionWithAccountState = Session & { account: { deletedAt: Date | null } };

/** What a new session records. */
export interface NewSession {
  accountId: string;
  tokenHash: Uint8Array<ArrayBuffer>;
  now: Date;
  expiresAt: Date;
  userAgent: string | null;
  ip: string | null;
}

/** Queries on the sessions table. */
@Injectable()
export class SessionsRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  create(session: NewSession): Promise<Session> {
    const { now, ...data } = session;
    return this.database.prisma.session.create({ data: { ...data, createdAt: now, lastSeenAt: now } });
  }

  findByTokenHash(tokenHash: Uint8Array<ArrayBuffer>): Promise<SessionWithAccountState | null> {
    return this.database.prisma.session.findUnique({ where: { tokenHash }, include: { account: { select: { deletedAt: true } } } });
  }

  async touch(sessionId: string, now: Date): Promise<void> {
    await this.database.prisma.session.updateMany({ where: { id: sessionId }, data: { lastSeenAt: now } });
  }

  /** The account's sessions that are neither revoked nor expired, newest first. */
  listLive(accountId: string, now: Date): Promise<Session[]> {
    return this.database.prisma.session.findMany({
      where: { accountId, revokedAt: null, expiresAt: { gt: now } },
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    });
  }

  /** Revokes one live session of the account; false if the account has no such live session. */
  async revoke(accountId: string, sessionId: string, now: Date): Promise<boolean> {
    const { count } = await this.database.prisma.session.updateMany({
      where: { id: sessionId, accountId, revokedAt: null, expiresAt: { gt: now } },
      data: { revokedAt: now },
    });
    return count === 1;
  }

  /** Revokes every session of the account that is not revoked yet. */
  async revokeAll(accountId: string, now: Date): Promise<void> {
    await this.database.prisma.session.updateMany({ where: { accountId, revokedAt: null }, data: { revokedAt: now } });
  }
}

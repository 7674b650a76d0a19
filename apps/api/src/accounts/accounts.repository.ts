import { Inject, Injectable } from '@nestjs/common';
import { type Account, type Database, Prisma } from '@coffre/db/client';
import { DATABASE } from '../database/database.module.js';

export type { Account };

/** What registration stores for a new account: its credentials, all opaque to the server. */
export type NewAccount = Pick<
  Account,
  | 'id'
  | 'opaqueRecord'
  | 'bundleVersion'
  | 'bundleGeneration'
  | 'rootKeyWrap'
  | 'sharingPublicKey'
  | 'sharingSecretKeyWrap'
  | 'signingPublicKey'
  | 'signingSecretKeyWrap'
  | 'recoveryWrap'
  | 'recoveryEscrow'
  | 'quotaBytes'
> & { email: string };

/** A new password: its OPAQUE record and the root key rewrapped under it. */
export interface CredentialsChange {
  accountId: string;
  /** The bundle generation the change replaces; a concurrent change makes it stale. */
  expectedGeneration: number;
  opaqueRecord: string;
  rootKeyWrap: string;
  /** The session that stays signed in, or null to end them all. */
  keepSessionId: string | null;
  now: Date;
}

/** Queries on the accounts table (and, for changes that end sessions, the sessions table). */
@Injectable()
export class AccountsRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /** Inserts an account; 'email-taken' if another live account has that email. */
  async create(account: NewAccount): Promise<'created' | 'email-taken'> {
    try {
      await this.database.prisma.account.create({ data: account });
      return 'created';
    } catch (error) {
      // The id is fresh from the server, so the only unique value that can collide is the email.
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return 'email-taken';
      throw error;
    }
  }

  findLiveByEmail(email: string): Promise<Account | null> {
    return this.database.prisma.account.findFirst({ where: { email, deletedAt: null } });
  }

  findLiveById(id: string): Promise<Account | null> {
    return this.database.prisma.account.findFirst({ where: { id, deletedAt: null } });
  }

  /**
   * Replaces the OPAQUE record and root key wrap, bumps the bundle generation and revokes the
   * sessions, in one transaction. False (and nothing changed) if the generation is not the
   * expected one any more, or the account is gone.
   */
  async replaceCredentials(change: CredentialsChange): Promise<boolean> {
    return this.database.prisma.$transaction(async (tx) => {
      const { count } = await tx.account.updateMany({
        where: { id: change.accountId, bundleGeneration: change.expectedGeneration, deletedAt: null },
        data: { opaqueRecord: change.opaqueRecord, rootKeyWrap: change.rootKeyWrap, bundleGeneration: change.expectedGeneration + 1 },
      });
      if (count === 0) return false;
      await tx.session.updateMany({
        where: { accountId: change.accountId, revokedAt: null, ...(change.keepSessionId !== null && { id: { not: change.keepSessionId } }) },
        data: { revokedAt: change.now },
      });
      return true;
    });
  }

  /**
   * Replaces the recovery wrap and its escrow together (a new recovery key): the old key stops
   * opening anything the server hands out. False if the account is gone.
   */
  async replaceRecovery(accountId: string, recovery: { recoveryWrap: string; recoveryEscrow: string }): Promise<boolean> {
    const { count } = await this.database.prisma.account.updateMany({ where: { id: accountId, deletedAt: null }, data: recovery });
    return count === 1;
  }

  /**
   * First step of a deletion, in one transaction: the account stops existing for every route
   * (deletedAt), its email is erased (and free again), its sessions are gone. The row itself
   * stays until {@link purge}.
   */
  async markDeleted(accountId: string, now: Date): Promise<void> {
    await this.database.prisma.$transaction([
      this.database.prisma.account.update({ where: { id: accountId }, data: { deletedAt: now, email: null } }),
      this.database.prisma.session.deleteMany({ where: { accountId } }),
    ]);
  }

  /** Last step of a deletion: removes the row of an account marked deleted. */
  async purge(accountId: string): Promise<void> {
    await this.database.prisma.account.deleteMany({ where: { id: accountId, deletedAt: { not: null } } });
  }
}

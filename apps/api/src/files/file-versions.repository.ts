import { Inject, Injectable } from '@nestjs/common';
import { type Database, type FileVersion, Prisma, type VersionPart } from '@coffre/db/client';
import { type ObjectId } from '@coffre/storage/object-id';
import { DATABASE } from '../database/database.module.js';
import { type Transaction, disposeVersions, queueObjectPurge } from './dispose-versions.js';

export type { FileVersion, VersionPart };

/** A version with its parts, in order. */
export type FileVersionWithParts = FileVersion & { parts: VersionPart[] };

/** What starting an upload, or restoring a version, came to. */
export type NewVersionOutcome =
  | { readonly kind: 'created'; readonly version: FileVersion; readonly purged: ObjectId[] }
  | { readonly kind: 'quota-exceeded'; readonly remainingBytes: number }
  | { readonly kind: 'gone' };

/** What committing an upload came to. */
export type CommitOutcome =
  | { readonly kind: 'committed'; readonly version: FileVersion; readonly purged: ObjectId[] }
  | { readonly kind: 'not-uploading' };

/** What recording a stored part came to. */
export type RecordPartOutcome =
  | { readonly kind: 'recorded' }
  /** Part `n` was already recorded, with this object (the same one or not). */
  | { readonly kind: 'exists'; readonly objectId: ObjectId }
  /** The upload went away meanwhile; the object was queued for removal. */
  | { readonly kind: 'gone' };

/** Thrown inside a transaction to roll it back when the quota refuses a reservation. */
class QuotaRefusal extends Error {
  constructor(readonly remainingBytes: number) {
    super('quota refused');
  }
}

/**
 * File versions and their parts, and the quota they hold: the queries of uploads, version
 * history and keep-N. Every change that removes versions queues their objects for the purge job
 * in the same transaction (`disposeVersions`).
 */
@Injectable()
export class FileVersionsRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /**
   * Starts an upload of `node`'s next version: hands out the next version number (never reused)
   * and reserves `ciphertextSize` bytes of the owner's quota, atomically; nothing changes when
   * the quota refuses.
   */
  async startUpload(upload: {
    nodeId: string;
    ownerId: string;
    ciphertextSize: number;
    partSize: number;
    expiresAt: Date;
  }): Promise<NewVersionOutcome> {
    return this.#newVersion(upload.nodeId, upload.ownerId, upload.ciphertextSize, async (tx, number) => {
      const version = await tx.fileVersion.create({
        data: {
          nodeId: upload.nodeId,
          number,
          encryptedAs: number,
          // The wrapped file key comes with `complete`: the client seals it for the number handed out here.
          fileKeyWrap: new Uint8Array(0),
          ciphertextSize: BigInt(upload.ciphertextSize),
          partSize: upload.partSize,
          quotaBytes: BigInt(upload.ciphertextSize),
          expiresAt: upload.expiresAt,
        },
      });
      return { version, purged: [] };
    });
  }

  /**
   * Makes committed version `sourceNumber` of `nodeId` the newest again, as a new version over the
   * same parts (and the same wrapped file key, hence `encryptedAs`). Its size is charged to the
   * quota again. Versions beyond the owner's keep-N are removed.
   */
  async restoreVersion(nodeId: string, ownerId: string, sourceNumber: number, now: Date): Promise<NewVersionOutcome> {
    const source = await this.findCommitted(nodeId, sourceNumber);
    if (source === null) return { kind: 'gone' };
    return this.#newVersion(nodeId, ownerId, Number(source.ciphertextSize), async (tx, number) => {
      // Locked against a concurrent delete: the parts stay referenced while they are copied.
      const locked = await tx.$queryRaw<{ id: string }[]>`
        SELECT id::text AS id FROM file_versions WHERE id = ${source.id}::uuid AND state = 'committed' FOR SHARE`;
      if (locked.length === 0) throw new VersionGone();
      const version = await tx.fileVersion.create({
        data: {
          nodeId,
          number,
          encryptedAs: source.encryptedAs,
          fileKeyWrap: source.fileKeyWrap,
          ciphertextSize: source.ciphertextSize,
          partSize: source.partSize,
          quotaBytes: source.ciphertextSize,
          state: 'committed',
          committedAt: now,
          parts: { createMany: { data: source.parts.map((part) => ({ n: part.n, objectId: part.objectId, size: part.size })) } },
        },
      });
      return { version, purged: await this.#keepNewest(tx, nodeId, ownerId) };
    });
  }

  /** An upload in progress, with the parts held so far. */
  findUpload(uploadId: string): Promise<FileVersionWithParts | null> {
    return this.database.prisma.fileVersion.findFirst({
      where: { id: uploadId, state: 'uploading' },
      include: { parts: { orderBy: { n: 'asc' } } },
    });
  }

  /** Any version by id (uploading or committed), with its parts. */
  findVersion(versionId: string): Promise<FileVersionWithParts | null> {
    return this.database.prisma.fileVersion.findUnique({ where: { id: versionId }, include: { parts: { orderBy: { n: 'asc' } } } });
  }

  /** A committed version of `nodeId` by number, or the newest one, with its parts. */
  findCommitted(nodeId: string, number: number | 'current'): Promise<FileVersionWithParts | null> {
    return this.database.prisma.fileVersion.findFirst({
      where: { nodeId, state: 'committed', ...(number === 'current' ? {} : { number }) },
      orderBy: { number: 'desc' },
      include: { parts: { orderBy: { n: 'asc' } } },
    });
  }

  /** The committed versions of `nodeId`, newest first. */
  listCommitted(nodeId: string): Promise<FileVersion[]> {
    return this.database.prisma.fileVersion.findMany({ where: { nodeId, state: 'committed' }, orderBy: { number: 'desc' } });
  }

  /**
   * Records that part `n` of an upload is `objectId`, durably stored. The caller holds the
   * object's lock, so the purge job cannot remove the object between its check and this row.
   */
  async recordPart(versionId: string, n: number, objectId: ObjectId, size: number): Promise<RecordPartOutcome> {
    const { prisma } = this.database;
    try {
      const { count } = await prisma.versionPart.createMany({ data: [{ versionId, n, objectId, size }], skipDuplicates: true });
      if (count === 1) return { kind: 'recorded' };
    } catch (error) {
      if (!isForeignKeyViolation(error)) throw error;
      // The upload was abandoned or collected meanwhile: nothing will refer to the object.
      await queueObjectPurge(prisma, objectId);
      return { kind: 'gone' };
    }
    const existing = await prisma.versionPart.findUnique({ where: { versionId_n: { versionId, n } } });
    if (existing === null) return { kind: 'gone' };
    return { kind: 'exists', objectId: existing.objectId };
  }

  /** Queues an object no part refers to (yet) for removal: a part stored and then refused. */
  async queuePurge(objectId: ObjectId): Promise<void> {
    await queueObjectPurge(this.database.prisma, objectId);
  }

  /**
   * Commits an upload whose `partCount` parts are all recorded, in one transaction: the version
   * becomes the node's newest committed one, with its wrapped file key, and versions beyond the
   * owner's keep-N are removed. Uploads of one node commit one at a time (the node's row is
   * locked), so that keep-N counts right.
   */
  async commitUpload(commit: { uploadId: string; nodeId: string; ownerId: string; fileKeyWrap: Uint8Array<ArrayBuffer>; partCount: number; now: Date }): Promise<CommitOutcome> {
    return this.database.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT 1 FROM nodes WHERE id = ${commit.nodeId}::uuid FOR UPDATE`;
      const { count } = await tx.fileVersion.updateMany({
        where: { id: commit.uploadId, state: 'uploading' },
        data: { state: 'committed', committedAt: commit.now, fileKeyWrap: commit.fileKeyWrap, expiresAt: null },
      });
      if (count === 0) return { kind: 'not-uploading' } as const;
      const held = await tx.versionPart.count({ where: { versionId: commit.uploadId } });
      // The service checked every part before; parts are never removed one by one, so this only
      // guards against a bug, by refusing to commit a version that would read short.
      if (held !== commit.partCount) throw new Error(`upload ${commit.uploadId} holds ${held} parts, ${commit.partCount} expected`);
      const version = await tx.fileVersion.findUniqueOrThrow({ where: { id: commit.uploadId } });
      return { kind: 'committed', version, purged: await this.#keepNewest(tx, commit.nodeId, commit.ownerId) } as const;
    });
  }

  /**
   * Removes one committed version, unless it is the node's only one.
   * @returns the objects queued for removal, 'only' or 'gone'.
   */
  async deleteCommitted(nodeId: string, number: number): Promise<ObjectId[] | 'only' | 'gone'> {
    return this.database.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT 1 FROM nodes WHERE id = ${nodeId}::uuid FOR UPDATE`;
      const committed = await tx.fileVersion.findMany({ where: { nodeId, state: 'committed' }, select: { id: true, number: true } });
      const target = committed.find((version) => version.number === number);
      if (target === undefined) return 'gone';
      if (committed.length === 1) return 'only';
      return disposeVersions(tx, [target.id]);
    });
  }

  /** Abandons an upload: its parts are queued for removal, its reservation released. */
  async abandonUpload(uploadId: string): Promise<ObjectId[] | 'gone'> {
    return this.database.prisma.$transaction(async (tx) => {
      const locked = await tx.$queryRaw<{ id: string }[]>`
        SELECT id::text AS id FROM file_versions WHERE id = ${uploadId}::uuid AND state = 'uploading' FOR UPDATE`;
      if (locked.length === 0) return 'gone';
      return disposeVersions(tx, [uploadId]);
    });
  }

  /** Abandons up to `limit` uploads that expired before `now`; returns the objects queued for removal. */
  async collectExpiredUploads(now: Date, limit: number): Promise<{ uploads: number; purged: ObjectId[] }> {
    return this.database.prisma.$transaction(async (tx) => {
      const expired = await tx.$queryRaw<{ id: string }[]>`
        SELECT id::text AS id FROM file_versions
        WHERE state = 'uploading' AND expires_at < ${now}
        ORDER BY expires_at LIMIT ${limit}
        FOR UPDATE SKIP LOCKED`;
      const ids = expired.map((row) => row.id);
      return { uploads: ids.length, purged: await disposeVersions(tx, ids) };
    });
  }

  /**
   * Hands out the next version number of `nodeId` and reserves `bytes` of `ownerId`'s quota, then
   * lets `create` make the version, all in one transaction.
   */
  async #newVersion(
    nodeId: string,
    ownerId: string,
    bytes: number,
    create: (tx: Transaction, number: number) => Promise<{ version: FileVersion; purged: ObjectId[] }>,
  ): Promise<NewVersionOutcome> {
    try {
      return await this.database.prisma.$transaction(async (tx) => {
        // Also locks the node: a delete of it waits, or this finds it gone.
        const numbered = await tx.$queryRaw<{ number: number }[]>`
          UPDATE nodes SET last_version_number = last_version_number + 1
          WHERE id = ${nodeId}::uuid AND kind = 'file'
          RETURNING last_version_number AS number`;
        const [row] = numbered;
        if (row === undefined) throw new VersionGone();
        await reserveQuota(tx, ownerId, bytes);
        const created = await create(tx, row.number);
        return { kind: 'created', ...created } as const;
      });
    } catch (error) {
      if (error instanceof QuotaRefusal) return { kind: 'quota-exceeded', remainingBytes: error.remainingBytes };
      if (error instanceof VersionGone) return { kind: 'gone' };
      throw error;
    }
  }

  /** Removes the committed versions of `nodeId` beyond the owner's keep-N, oldest first. */
  async #keepNewest(tx: Transaction, nodeId: string, ownerId: string): Promise<ObjectId[]> {
    const owner = await tx.account.findUnique({ where: { id: ownerId }, select: { keepVersions: true } });
    const keep = Math.max(owner?.keepVersions ?? 1, 1);
    const beyond = await tx.fileVersion.findMany({
      where: { nodeId, state: 'committed' },
      orderBy: { number: 'desc' },
      skip: keep,
      select: { id: true },
    });
    return disposeVersions(tx, beyond.map((version) => version.id));
  }
}

/** Thrown inside a transaction to roll it back when the node or version went away. */
class VersionGone extends Error {
  constructor() {
    super('gone');
  }
}

/**
 * Adds `bytes` to the account's used bytes only if they fit its quota: one conditional UPDATE, so
 * that concurrent uploads can never together exceed it.
 * @throws QuotaRefusal (rolling the transaction back) when they do not fit.
 */
async function reserveQuota(tx: Transaction, accountId: string, bytes: number): Promise<void> {
  const reserved = await tx.$queryRaw<{ used: bigint }[]>`
    UPDATE accounts SET used_bytes = used_bytes + ${BigInt(bytes)}
    WHERE id = ${accountId}::uuid AND used_bytes + ${BigInt(bytes)} <= quota_bytes
    RETURNING used_bytes AS used`;
  if (reserved.length > 0) return;
  const account = await tx.account.findUnique({ where: { id: accountId }, select: { quotaBytes: true, usedBytes: true } });
  const remaining = account === null ? 0n : account.quotaBytes - account.usedBytes;
  throw new QuotaRefusal(Number(remaining > 0n ? remaining : 0n));
}

/** A row referring to one that no longer exists (Postgres 23503, Prisma P2003). */
function isForeignKeyViolation(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError) return error.code === 'P2003';
  return false;
}

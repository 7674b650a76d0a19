import { Inject, Injectable } from '@nestjs/common';
import { type Database, type FileVersion, type Node, Prisma } from '@coffre/db/client';
import { type ObjectId } from '@coffre/storage/object-id';
import { MAX_TREE_DEPTH } from '../access/node-access.repository.js';
import { DATABASE } from '../database/database.module.js';
import { disposeVersions } from '../files/dispose-versions.js';

export type { Node };

/** A node with its newest committed version (files), as views show it. */
export type NodeWithCurrent = Node & { versions: FileVersion[] };

/** The signed fields of a node record, as stored. */
export interface NodeRecordFields {
  parentId: string;
  keyWrap: Uint8Array<ArrayBuffer>;
  name: Uint8Array<ArrayBuffer>;
  metadata: Uint8Array<ArrayBuffer>;
  version: number;
  signature: Uint8Array<ArrayBuffer>;
  writerId: string;
}

/** Where a page of a listing starts: after the item with these sort keys. */
export interface PagePosition {
  at: Date;
  id: string;
}

const CURRENT_VERSION = { versions: { where: { state: 'committed' as const }, orderBy: { number: 'desc' as const }, take: 1 } };

/** Queries on the nodes table: the tree, the trash, records and their writers' keys. */
@Injectable()
export class NodesRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  findById(id: string): Promise<NodeWithCurrent | null> {
    return this.database.prisma.node.findUnique({ where: { id }, include: CURRENT_VERSION });
  }

  findRootOf(ownerId: string): Promise<NodeWithCurrent | null> {
    return this.database.prisma.node.findUnique({ where: { rootOf: ownerId }, include: CURRENT_VERSION });
  }

  /** The newest committed version of each of `nodeIds` that has one. */
  async currentVersions(nodeIds: readonly string[]): Promise<Map<string, FileVersion>> {
    if (nodeIds.length === 0) return new Map();
    const nodes = await this.database.prisma.node.findMany({ where: { id: { in: [...nodeIds] } }, select: { id: true, ...CURRENT_VERSION } });
    return new Map(nodes.flatMap((node) => (node.versions[0] === undefined ? [] : [[node.id, node.versions[0]] as const])));
  }

  /**
   * Inserts a node. 'exists' when the id is taken (or, for a root, the owner has one); 'no-parent'
   * when the parent went away meanwhile.
   */
  async create(node: Omit<Node, 'createdAt' | 'updatedAt' | 'trashedAt' | 'lastVersionNumber'>): Promise<NodeWithCurrent | 'exists' | 'no-parent'> {
    try {
      return await this.database.prisma.node.create({ data: node, include: CURRENT_VERSION });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return 'exists';
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2003') return 'no-parent';
      throw error;
    }
  }

  /**
   * Replaces a node's record if its stored version is `fields.version - 1`. A move (a new parent)
   * is checked, in the same transaction and one at a time per owner, not to put the node inside
   * itself: two concurrent moves could otherwise make a cycle that neither saw.
   */
  async update(id: string, ownerId: string, fields: NodeRecordFields, moving: boolean): Promise<NodeWithCurrent | 'stale' | 'cycle' | 'no-parent'> {
    try {
      return await this.database.prisma.$transaction(async (tx) => {
        if (moving) {
          await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`coffre:tree:${ownerId}`}, 0))`;
          const [row] = await tx.$queryRaw<{ inside: boolean }[]>`
            WITH RECURSIVE chain AS (
              SELECT id, parent_id, 0 AS depth FROM nodes WHERE id = ${fields.parentId}::uuid
              UNION ALL
              SELECT n.id, n.parent_id, c.depth + 1 FROM nodes n JOIN chain c ON n.id = c.parent_id
              WHERE c.depth < ${MAX_TREE_DEPTH} AND c.id <> ${id}::uuid
            )
            SELECT EXISTS (SELECT 1 FROM chain WHERE id = ${id}::uuid) AS inside`;
          if (row?.inside === true) return 'cycle' as const;
        }
        const { count } = await tx.node.updateMany({ where: { id, version: fields.version - 1 }, data: fields });
        if (count === 0) return 'stale' as const;
        return tx.node.findUniqueOrThrow({ where: { id }, include: CURRENT_VERSION });
      });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2003') return 'no-parent';
      throw error;
    }
  }

  /** Sets or clears the node's own trash flag. */
  setTrashed(id: string, trashedAt: Date | null): Promise<NodeWithCurrent> {
    return this.database.prisma.node.update({ where: { id }, data: { trashedAt }, include: CURRENT_VERSION });
  }

  /**
   * Deletes the node and everything under it, in one transaction: every version's quota goes back
   * to the owner and its stored objects are queued for the purge job (returned, to queue them
   * once committed). The subtree is locked first, so that an upload or a new child racing the
   * delete either finishes before (and is disposed of here) or finds its node gone.
   */
  async deleteSubtree(id: string): Promise<ObjectId[] | 'gone'> {
    return this.database.prisma.$transaction(async (tx) => {
      const subtree = await tx.$queryRaw<{ id: string }[]>`
        WITH RECURSIVE subtree AS (
          SELECT id, 0 AS depth FROM nodes WHERE id = ${id}::uuid
          UNION ALL
          SELECT n.id, s.depth + 1 FROM nodes n JOIN subtree s ON n.parent_id = s.id WHERE s.depth < ${MAX_TREE_DEPTH}
        )
        SELECT id::text AS id FROM subtree`;
      if (subtree.length === 0) return 'gone' as const;
      const ids = subtree.map((row) => row.id);
      await tx.$executeRaw`SELECT 1 FROM nodes WHERE id = ANY(${ids}::uuid[]) ORDER BY id FOR UPDATE`;
      const versions = await tx.fileVersion.findMany({ where: { nodeId: { in: ids } }, select: { id: true } });
      const purged = await disposeVersions(
        tx,
        versions.map((version) => version.id),
      );
      await tx.node.delete({ where: { id } });
      return purged;
    });
  }

  /** Children of `parentId` not in the trash, oldest first, after `after`. */
  children(parentId: string, after: PagePosition | undefined, limit: number): Promise<NodeWithCurrent[]> {
    return this.database.prisma.node.findMany({
      where: {
        parentId,
        trashedAt: null,
        ...(after === undefined ? {} : { OR: [{ createdAt: { gt: after.at } }, { createdAt: after.at, id: { gt: after.id } }] }),
      },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: limit,
      include: CURRENT_VERSION,
    });
  }

  /** Nodes of `ownerId` in the trash by their own flag, most recently trashed first, after `after`. */
  trashed(ownerId: string, after: PagePosition | undefined, limit: number): Promise<NodeWithCurrent[]> {
    return this.database.prisma.node.findMany({
      where: {
        ownerId,
        trashedAt: { not: null },
        ...(after === undefined ? {} : { OR: [{ trashedAt: { lt: after.at } }, { trashedAt: after.at, id: { lt: after.id } }] }),
      },
      orderBy: [{ trashedAt: 'desc' }, { id: 'desc' }],
      take: limit,
      include: CURRENT_VERSION,
    });
  }

  /** The Ed25519 public key of each of `accountIds` that still exists. */
  async signingKeys(accountIds: readonly string[]): Promise<Map<string, string>> {
    const accounts = await this.database.prisma.account.findMany({
      where: { id: { in: [...new Set(accountIds)] } },
      select: { id: true, signingPublicKey: true },
    });
    return new Map(accounts.map((account) => [account.id, account.signingPublicKey]));
  }
}

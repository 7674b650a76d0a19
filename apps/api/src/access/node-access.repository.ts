import { Inject, Injectable } from '@nestjs/common';
import { type Database, type Node } from '@coffre/db/client';
import { DATABASE } from '../database/database.module.js';

/** Deepest chain of folders followed; far beyond any real tree, it only stops a corrupt one. */
export const MAX_TREE_DEPTH = 10_000;

/** A node on the way from a node up to its root: the node itself first (depth 0). */
export interface AncestorRow {
  id: string;
  parentId: string | null;
  ownerId: string;
  trashed: boolean;
  /** The role an accepted share of this node gives the account asked about, if any. */
  shareRole: 'read' | 'write' | null;
}

interface RawAncestorRow {
  id: string;
  parent_id: string | null;
  owner_id: string;
  trashed: boolean;
  share_role: 'read' | 'write' | null;
}

/** The queries behind access checks: a node, and its chain of ancestors with the shares on them. */
@Injectable()
export class NodeAccessRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  findNode(nodeId: string): Promise<Node | null> {
    return this.database.prisma.node.findUnique({ where: { id: nodeId } });
  }

  /**
   * The node and every folder above it, nearest first, each with the role of the accepted share
   * `accountId` holds on it (null: none). Empty when the node does not exist.
   */
  async ancestry(nodeId: string, accountId: string): Promise<AncestorRow[]> {
    const rows = await this.database.prisma.$queryRaw<RawAncestorRow[]>`
      WITH RECURSIVE chain AS (
        SELECT id, parent_id, owner_id, trashed_at, 0 AS depth FROM nodes WHERE id = ${nodeId}::uuid
        UNION ALL
        SELECT n.id, n.parent_id, n.owner_id, n.trashed_at, c.depth + 1
        FROM nodes n JOIN chain c ON n.id = c.parent_id
        WHERE c.depth < ${MAX_TREE_DEPTH}
      )
      SELECT c.id::text AS id, c.parent_id::text AS parent_id, c.owner_id::text AS owner_id, c.trashed_at IS NOT NULL AS trashed,
        (SELECT s.role::text FROM shares s
          WHERE s.node_id = c.id AND s.recipient_id = ${accountId}::uuid AND s.accepted_at IS NOT NULL) AS share_role
      FROM chain c
      ORDER BY c.depth`;
    return rows.map((row) => ({ id: row.id, parentId: row.parent_id, ownerId: row.owner_id, trashed: row.trashed, shareRole: row.share_role }));
  }

  /** Whether `ancestorId` is `nodeId` or one of the folders above it. */
  async isWithin(nodeId: string, ancestorId: string): Promise<boolean> {
    const [row] = await this.database.prisma.$queryRaw<{ within: boolean }[]>`
      WITH RECURSIVE chain AS (
        SELECT id, parent_id, 0 AS depth FROM nodes WHERE id = ${nodeId}::uuid
        UNION ALL
        SELECT n.id, n.parent_id, c.depth + 1 FROM nodes n JOIN chain c ON n.id = c.parent_id
        WHERE c.depth < ${MAX_TREE_DEPTH} AND c.id <> ${ancestorId}::uuid
      )
      SELECT EXISTS (SELECT 1 FROM chain WHERE id = ${ancestorId}::uuid) AS within`;
    return row?.within ?? false;
  }
}

import { ENVELOPE_OVERHEAD } from '@coffre/crypto/envelope';
import { SIGNATURE_LENGTH } from '@coffre/crypto/signature';
import { z } from 'zod';
import { fileVersionViewSchema } from '../files/files.dto.js';
import { base64urlField } from './envelope-fields.js';
import { MAX_METADATA_BYTES, MAX_NAME_BYTES, NODE_KEY_LENGTH } from './node-record.js';

/**
 * A node id: a UUID in lower case. Ids are bound into envelopes and signatures as text, so one
 * node has exactly one spelling.
 */
export const nodeIdSchema = z
  .uuid({ error: 'must be a UUID' })
  .regex(/^[0-9a-f-]+$/, { error: 'must be a lower-case UUID' })
  .describe('A node id: a lower-case UUID chosen by the client.');

const kindSchema = z.enum(['folder', 'file']);

const recordFields = {
  keyWrap: base64urlField(ENVELOPE_OVERHEAD + NODE_KEY_LENGTH).describe("Envelope node-key-wrap: the node key under the parent folder's key (107 bytes)."),
  name: base64urlField(ENVELOPE_OVERHEAD + MAX_NAME_BYTES).describe(`Envelope node-name (at most ${MAX_NAME_BYTES} bytes of name).`),
  metadata: base64urlField(ENVELOPE_OVERHEAD + MAX_METADATA_BYTES).describe(`Envelope node-metadata (at most ${MAX_METADATA_BYTES} bytes of record).`),
  signature: base64urlField(SIGNATURE_LENGTH).describe('Ed25519 signature of the record by the caller (docs/crypto.md, "Node record signatures").'),
};

/** `POST /api/nodes`. */
export const createNodeRequestSchema = z
  .strictObject({
    id: nodeIdSchema,
    parentId: nodeIdSchema.nullable().describe('The folder to create it in; null creates the root folder (once per account).'),
    kind: kindSchema,
    ...recordFields,
    version: z.literal(1, { error: 'must be 1 for a new node' }),
  })
  .meta({ id: 'CreateNodeRequest' });
export type CreateNodeRequest = z.infer<typeof createNodeRequestSchema>;

/** `PATCH /api/nodes/:id`: the whole new record. */
export const updateNodeRequestSchema = z
  .strictObject({
    parentId: nodeIdSchema.describe('The parent folder: the current one, or another to move the node there.'),
    ...recordFields,
    version: z
      .int()
      .min(2)
      .max(2 ** 31 - 1)
      .describe('The stored version plus one (409 CONFLICT otherwise: reload and retry).'),
  })
  .meta({ id: 'UpdateNodeRequest' });
export type UpdateNodeRequest = z.infer<typeof updateNodeRequestSchema>;

/** Most items a page may hold. */
export const MAX_PAGE_LIMIT = 500;
/** Items of a page when the request does not say. */
export const DEFAULT_PAGE_LIMIT = 100;

/** `?cursor&limit` of listings. */
export const pageQuerySchema = z
  .strictObject({
    cursor: z.string().min(1).max(200).optional().describe('`nextCursor` of the previous page.'),
    limit: z
      .string()
      .regex(/^\d{1,4}$/, { error: `must be an integer from 1 to ${MAX_PAGE_LIMIT}` })
      .transform(Number)
      .pipe(z.int().min(1, { error: `must be an integer from 1 to ${MAX_PAGE_LIMIT}` }).max(MAX_PAGE_LIMIT, { error: `must be an integer from 1 to ${MAX_PAGE_LIMIT}` }))
      .optional()
      .describe(`Items per page, 1 to ${MAX_PAGE_LIMIT} (default ${DEFAULT_PAGE_LIMIT}).`),
  })
  .meta({ id: 'PageQuery' });
export type PageQuery = z.infer<typeof pageQuerySchema>;

/** A node as the server stores it; the client verifies `signature` before trusting any field. */
export const nodeViewSchema = z
  .object({
    id: z.uuid(),
    ownerId: z.uuid(),
    parentId: z.uuid().nullable(),
    kind: kindSchema,
    keyWrap: z.string(),
    name: z.string(),
    metadata: z.string(),
    version: z.int(),
    signature: z.string(),
    writerId: z.uuid(),
    writerSigningPublicKey: z.string().describe("The writer's Ed25519 public key as the directory holds it: verify against a pinned key."),
    trashedAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    currentVersion: fileVersionViewSchema.nullable().describe('Files: the newest committed version, null before the first upload completes.'),
  })
  .meta({ id: 'Node' });
export type NodeView = z.infer<typeof nodeViewSchema>;

/** One page of nodes. */
export const nodePageSchema = z
  .object({
    items: z.array(nodeViewSchema),
    nextCursor: z.string().nullable().describe('Pass it as `cursor` for the next page; null on the last page.'),
  })
  .meta({ id: 'NodePage' });
export type NodePage = z.infer<typeof nodePageSchema>;

import { ENVELOPE_OVERHEAD } from '@coffre/crypto/envelope';
import { z } from 'zod';
import { base64urlField } from '../nodes/envelope-fields.js';

const MIB = 1024 * 1024;

/** File keys are 32 bytes: the file-key-wrap plaintext. */
export const FILE_KEY_LENGTH = 32;
/** Smallest part size: below it, per-request costs dominate. */
export const MIN_PART_BYTES = MIB;
/** Part sizes are whole multiples of this (the smallest chunk size of file format v1). */
export const PART_SIZE_STEP = 4096;
/**
 * Most parts in one version. `complete` lists every part in a JSON body, which must stay under the
 * API's 1 MiB limit: 10 000 parts of about 100 bytes each fit (80 GB at the default 8 MiB part).
 */
export const MAX_PART_COUNT = 10_000;

/** A SHA-256 in lower-case hex: a stored object's id. */
const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, { error: 'must be a SHA-256 in lower-case hex' });

/** An upload id: the id of the version being uploaded. */
export const uploadIdSchema = z.uuid({ error: 'must be a UUID' }).regex(/^[0-9a-f-]+$/, { error: 'must be a lower-case UUID' });

/** A version number in a path. */
export const versionNumberSchema = z
  .string()
  .regex(/^[1-9]\d{0,9}$/, { error: 'must be a version number' })
  .transform(Number)
  .pipe(z.int().max(2 ** 31 - 1, { error: 'must be a version number' }));

/** A part number in a path: 0 to MAX_PART_COUNT - 1. */
export const partNumberSchema = z
  .string()
  .regex(/^(0|[1-9]\d{0,4})$/, { error: 'must be a part number' })
  .transform(Number)
  .pipe(z.int().max(MAX_PART_COUNT - 1, { error: `must be below ${MAX_PART_COUNT}` }));

/** `POST /api/files/:nodeId/uploads`. */
export const startUploadRequestSchema = z
  .strictObject({
    ciphertextSize: z.int().min(1).max(Number.MAX_SAFE_INTEGER).describe('Bytes of ciphertext (file format v1) the version will hold.'),
    partSize: z
      .int()
      .min(MIN_PART_BYTES)
      .multipleOf(PART_SIZE_STEP)
      .describe('Bytes per part (every part but the last): a multiple of 4096 from 1 MiB to the configured maximum (64 MiB by default).'),
  })
  .meta({ id: 'StartUploadRequest' });
export type StartUploadRequest = z.infer<typeof startUploadRequestSchema>;

/** A part the server holds. */
export const partViewSchema = z
  .strictObject({
    n: z.int().min(0).max(MAX_PART_COUNT - 1),
    sha256: sha256Schema,
    size: z.int().min(0),
  })
  .meta({ id: 'Part' });
export type PartView = z.infer<typeof partViewSchema>;

/** An upload in progress. */
export const uploadViewSchema = z
  .object({
    uploadId: z.uuid(),
    nodeId: z.uuid(),
    number: z.int().describe('The version number this upload commits as: bind it into the file context.'),
    ciphertextSize: z.int(),
    partSize: z.int(),
    partCount: z.int(),
    parts: z.array(partViewSchema).describe('The parts the server holds durably, in order.'),
    expiresAt: z.iso.datetime(),
  })
  .meta({ id: 'Upload' });
export type UploadView = z.infer<typeof uploadViewSchema>;

/** `POST /api/uploads/:uploadId/complete`. */
export const completeUploadRequestSchema = z
  .strictObject({
    fileKeyWrap: base64urlField(ENVELOPE_OVERHEAD + FILE_KEY_LENGTH).describe('Envelope file-key-wrap: the file key under the node key, bound to this version number.'),
    parts: z.array(partViewSchema).max(MAX_PART_COUNT).describe('Every part, as the client sent it.'),
  })
  .meta({ id: 'CompleteUploadRequest' });
export type CompleteUploadRequest = z.infer<typeof completeUploadRequestSchema>;

/** A version of a file's content. */
export const fileVersionViewSchema = z
  .object({
    nodeId: z.uuid(),
    number: z.int(),
    encryptedAs: z.int().describe('The version number bound into the file context when the bytes were encrypted.'),
    fileKeyWrap: z.string().describe('Envelope file-key-wrap under the node key.'),
    ciphertextSize: z.int(),
    partSize: z.int(),
    state: z.enum(['uploading', 'committed']),
    createdAt: z.iso.datetime(),
    committedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'FileVersion' });
export type FileVersionView = z.infer<typeof fileVersionViewSchema>;

/** `GET /api/files/:nodeId/versions`. */
export const fileVersionListSchema = z.array(fileVersionViewSchema).meta({ id: 'FileVersionList' });

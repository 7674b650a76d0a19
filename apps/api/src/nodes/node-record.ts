import { CryptoError } from '@coffre/crypto/errors';
import { SIGNATURE_LENGTH, ciphertextHash, verifyNodeRecord } from '@coffre/crypto/signature';
import { AppError } from '../errors/app-error.js';
import { BinaryFieldChecks } from './envelope-fields.js';

/** Node keys are 32 bytes: the node-key-wrap plaintext. */
export const NODE_KEY_LENGTH = 32;
/** Longest encrypted name accepted, in plaintext bytes (UTF-8). */
export const MAX_NAME_BYTES = 4096;
/** Longest metadata record accepted, in plaintext bytes. */
export const MAX_METADATA_BYTES = 64 * 1024;

/** A node record as a client sends it (base64url fields), with the ids the server fills in. */
export interface SubmittedNodeRecord {
  readonly nodeId: string;
  /** Null for a root folder. */
  readonly parentId: string | null;
  /** The owner of the tree the node is in (for a write share, not the writer). */
  readonly ownerId: string;
  readonly version: number;
  readonly keyWrap: string;
  readonly name: string;
  readonly metadata: string;
  readonly signature: string;
}

/** The binary fields of a record that passed {@link checkNodeRecord}. */
export interface CheckedNodeRecord {
  readonly keyWrap: Uint8Array<ArrayBuffer>;
  readonly name: Uint8Array<ArrayBuffer>;
  readonly metadata: Uint8Array<ArrayBuffer>;
  readonly signature: Uint8Array<ArrayBuffer>;
}

/**
 * Refuses a node record that no client would accept: envelopes of the wrong purpose or size, or
 * a signature (docs/crypto.md, "Node record signatures") that does not verify under the writer's
 * signing key for exactly these ids, version and envelopes. The server cannot read the record,
 * but it keeps garbage, and records planted under someone else's name, out of the drive.
 *
 * @throws AppError VALIDATION_FAILED listing every problem (paths under `body.`).
 */
export function checkNodeRecord(record: SubmittedNodeRecord, writerSigningPublicKey: string): CheckedNodeRecord {
  const checks = new BinaryFieldChecks();
  const keyWrap = checks.decode(record.keyWrap, 'body.keyWrap');
  const name = checks.decode(record.name, 'body.name');
  const metadata = checks.decode(record.metadata, 'body.metadata');
  const signature = checks.decode(record.signature, 'body.signature');
  checks.envelope(keyWrap, 'node-key-wrap', { min: NODE_KEY_LENGTH, max: NODE_KEY_LENGTH }, 'body.keyWrap');
  checks.envelope(name, 'node-name', { min: 0, max: MAX_NAME_BYTES }, 'body.name');
  checks.envelope(metadata, 'node-metadata', { min: 0, max: MAX_METADATA_BYTES }, 'body.metadata');
  checks.length(signature, SIGNATURE_LENGTH, 'body.signature');
  if (checks.issues.length === 0) verifySignature(record, { keyWrap, name, metadata, signature }, writerSigningPublicKey, checks);
  if (checks.issues.length > 0) {
    throw new AppError('VALIDATION_FAILED', `node record ${record.nodeId} refused: ${checks.issues.map((issue) => issue.path).join(', ')}`, {
      issues: checks.issues,
    });
  }
  return { keyWrap, name, metadata, signature };
}

function verifySignature(record: SubmittedNodeRecord, fields: CheckedNodeRecord, writerSigningPublicKey: string, checks: BinaryFieldChecks): void {
  try {
    verifyNodeRecord(
      {
        nodeId: record.nodeId,
        parentId: record.parentId ?? '',
        ownerId: record.ownerId,
        version: record.version,
        nameHash: ciphertextHash(fields.name),
        metadataHash: ciphertextHash(fields.metadata),
        wrappedKeyHash: ciphertextHash(fields.keyWrap),
      },
      fields.signature,
      new Uint8Array(Buffer.from(writerSigningPublicKey, 'base64url')),
    );
  } catch (error) {
    if (!(error instanceof CryptoError)) throw error;
    checks.issues.push({ path: 'body.signature', message: "does not verify under the writer's signing key" });
  }
}

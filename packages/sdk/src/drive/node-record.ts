// Sealing and opening node records: the three envelopes (key wrap, name, metadata) bound to
// owner, node, parent and version, and the writer's Ed25519 signature over them
// (docs/crypto.md, "Nodes" and "Node record signatures").
import { CryptoError } from '@coffre/crypto/errors';
import { openEnvelope, sealEnvelope } from '@coffre/crypto/envelope';
import { ciphertextHash, nodeRecordMessage, signNodeRecord, verifyNodeRecord } from '@coffre/crypto/signature';
import { type NodeView } from '../drive-types.js';
import { fromBase64url, toBase64url } from '../encoding.js';
import { DriveError } from './drive-error.js';
import { type NodeMetadata, decodeMetadata, encodeMetadata } from './node-metadata.js';
import { type RecordGuard } from './record-guard.js';

/** What a writer seals into a node record. */
export interface NodeContent {
  nodeId: string;
  ownerId: string;
  /** Null for a root folder. */
  parentId: string | null;
  /** The parent's key (root folder: the account root key). */
  parentKey: Uint8Array;
  nodeKey: Uint8Array;
  version: number;
  name: string;
  metadata: NodeMetadata;
}

/** The stored fields of a sealed record, base64url as the API takes them. */
export interface SealedRecord {
  keyWrap: string;
  name: string;
  metadata: string;
  signature: string;
}

/** Seals a node record and signs it with the writer's Ed25519 secret key. */
export function sealNodeRecord(content: NodeContent, signingSecretKey: Uint8Array): SealedRecord {
  const binding = { ownerId: content.ownerId, nodeId: content.nodeId, parentId: content.parentId ?? '', version: content.version };
  const keyWrap = sealEnvelope(content.parentKey, 'node-key-wrap', binding, content.nodeKey);
  const name = sealEnvelope(content.nodeKey, 'node-name', binding, new TextEncoder().encode(content.name));
  const metadata = sealEnvelope(content.nodeKey, 'node-metadata', binding, encodeMetadata(content.metadata));
  const signature = signNodeRecord(
    {
      nodeId: content.nodeId,
      parentId: binding.parentId,
      ownerId: content.ownerId,
      version: content.version,
      nameHash: ciphertextHash(name),
      metadataHash: ciphertextHash(metadata),
      wrappedKeyHash: ciphertextHash(keyWrap),
    },
    signingSecretKey,
  );
  return { keyWrap: toBase64url(keyWrap), name: toBase64url(name), metadata: toBase64url(metadata), signature: toBase64url(signature) };
}

/** What the reader expects of a record before it trusts any field. */
export interface OpenExpectation {
  /** The writer's verified signing key. */
  writerKey: Uint8Array;
  /** The parent folder's key, to unwrap the node key; or, for the root of a share or link, the node key itself. */
  key: { parentKey: Uint8Array } | { nodeKey: Uint8Array };
  /** The parent the record must name (children of a listed folder), when known. */
  parentId?: string | null;
  /** The owner the record must name, when known. */
  ownerId?: string;
  guard: RecordGuard;
}

/** A verified, decrypted record. */
export interface OpenedRecord {
  nodeKey: Uint8Array;
  name: string;
  metadata: NodeMetadata;
}

/**
 * Verifies a node record (signature, version counter, envelopes bound to this very node, parent,
 * owner and version) and decrypts its name and metadata.
 * @throws DriveError TAMPERED for anything that does not verify.
 */
export function openNodeRecord(view: NodeView, expect: OpenExpectation): OpenedRecord {
  const refuse = (what: string, cause?: unknown): never => {
    throw new DriveError('TAMPERED', `The server sent a record of node ${view.id} that failed verification (${what}).`, { cause });
  };
  if (expect.parentId !== undefined && view.parentId !== expect.parentId) refuse('it is not in the folder it was listed in');
  if (expect.ownerId !== undefined && view.ownerId !== expect.ownerId) refuse('it belongs to another owner');
  if (view.kind !== 'file' && view.kind !== 'folder') refuse('unknown kind');
  let keyWrap: Uint8Array, name: Uint8Array, metadata: Uint8Array, signature: Uint8Array;
  try {
    [keyWrap, name, metadata, signature] = [view.keyWrap, view.name, view.metadata, view.signature].map((field) => fromBase64url(field)) as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
  } catch (error) {
    return refuse('a field is not base64url', error);
  }
  const parentId = view.parentId ?? '';
  const record = {
    nodeId: view.id,
    parentId,
    ownerId: view.ownerId,
    version: view.version,
    nameHash: ciphertextHash(name),
    metadataHash: ciphertextHash(metadata),
    wrappedKeyHash: ciphertextHash(keyWrap),
  };
  try {
    verifyNodeRecord(record, signature, expect.writerKey);
  } catch (error) {
    return refuse('signature', error);
  }
  expect.guard.accept(view.id, view.version, nodeRecordMessage(record));
  const binding = { ownerId: view.ownerId, nodeId: view.id, parentId, version: view.version };
  try {
    const nodeKey = 'nodeKey' in expect.key ? expect.key.nodeKey : openEnvelope(expect.key.parentKey, 'node-key-wrap', binding, keyWrap);
    if (nodeKey.length !== 32) refuse('the wrapped key is not 32 bytes');
    const decodedName = new TextDecoder('utf-8', { fatal: true }).decode(openEnvelope(nodeKey, 'node-name', binding, name));
    const decodedMetadata = decodeMetadata(openEnvelope(nodeKey, 'node-metadata', binding, metadata));
    if (decodedMetadata.kind !== view.kind) refuse('its kind differs from the signed one');
    return { nodeKey, name: decodedName, metadata: decodedMetadata };
  } catch (error) {
    if (error instanceof DriveError) throw error;
    if (error instanceof CryptoError || error instanceof TypeError) return refuse('envelopes', error);
    throw error;
  }
}

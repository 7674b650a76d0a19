/**
 * Signed node records: the writer of a node signs what the server stores about it, so the
 * server cannot plant, move, re-key or roll back a node undetected. Specified in docs/crypto.md
 * ("Node record signatures").
 *
 *   message   = encodeFields(UTF-8(node-record domain), 0x01 (record format), node id, parent id,
 *               owner id, u64be(version), name hash, metadata hash, wrapped key hash)
 *   signature = Ed25519(writer's signing key, message)             (RFC 8032 §5.1.6, pure Ed25519)
 *   hash      = SHA-256 of the stored ciphertext bytes (envelopes)
 *
 * Verification is the strict RFC 8032 §5.1.7 check with canonical encodings only, and refuses
 * small-order public keys, under which every signature would verify.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { encodeFields, ensureBytes, u64be, utf8ToBytes } from './bytes.js';
import { CryptoError, ensure } from './errors.js';
import { verifyStrict } from './ed25519-strict.js';
import { DOMAINS } from './labels.js';
import { KEY_PAIR_PART_LENGTH, ensureSigningPublicKey } from './public-keys.js';

export const NODE_RECORD_FORMAT = 0x01;
export const SIGNATURE_LENGTH = 64;
export const CIPHERTEXT_HASH_LENGTH = 32;
const MAX_ID_LENGTH = 1024;

/** What the server stores about a node, reduced to what the writer signs. */
export interface NodeRecord {
  nodeId: string;
  /** The parent folder's id, or '' for a root folder. */
  parentId: string;
  ownerId: string;
  /** Version counter: grows with every change, so an older record can be recognised. */
  version: number;
  /** SHA-256 of the node-name envelope. */
  nameHash: Uint8Array;
  /** SHA-256 of the node-metadata envelope. */
  metadataHash: Uint8Array;
  /** SHA-256 of the node-key-wrap envelope. */
  wrappedKeyHash: Uint8Array;
}

/** SHA-256 of stored ciphertext bytes, as a node record refers to them. */
export function ciphertextHash(ciphertext: Uint8Array): Uint8Array {
  ensureBytes(ciphertext, undefined, 'ciphertext');
  return sha256(ciphertext);
}

function encodeId(value: unknown, name: string, allowEmpty: boolean): Uint8Array {
  ensure(typeof value === 'string', `${name} must be a string`);
  ensure(allowEmpty || value.length > 0, `${name} must not be empty`);
  const bytes = utf8ToBytes(value);
  ensure(bytes.length <= MAX_ID_LENGTH, `${name} is longer than ${MAX_ID_LENGTH} bytes`);
  return bytes;
}

/**
 * The exact bytes signed for a record (domain-separated, length-prefixed fields).
 * @throws CryptoError INVALID_INPUT for a malformed record.
 */
export function nodeRecordMessage(record: NodeRecord): Uint8Array {
  ensure(typeof record === 'object' && record !== null, 'node record must be an object');
  ensure(Number.isSafeInteger(record.version) && record.version >= 0, 'version must be a non-negative safe integer');
  ensureBytes(record.nameHash, CIPHERTEXT_HASH_LENGTH, 'nameHash');
  ensureBytes(record.metadataHash, CIPHERTEXT_HASH_LENGTH, 'metadataHash');
  ensureBytes(record.wrappedKeyHash, CIPHERTEXT_HASH_LENGTH, 'wrappedKeyHash');
  return encodeFields(
    utf8ToBytes(DOMAINS.nodeRecordSignature),
    new Uint8Array([NODE_RECORD_FORMAT]),
    encodeId(record.nodeId, 'nodeId', false),
    encodeId(record.parentId, 'parentId', true),
    encodeId(record.ownerId, 'ownerId', false),
    u64be(record.version),
    record.nameHash,
    record.metadataHash,
    record.wrappedKeyHash,
  );
}

/**
 * Signs a node record with the writer's Ed25519 secret key (32-byte seed).
 * @throws CryptoError INVALID_INPUT for a malformed record or key.
 */
export function signNodeRecord(record: NodeRecord, signingSecretKey: Uint8Array): Uint8Array {
  const message = nodeRecordMessage(record);
  ensureBytes(signingSecretKey, KEY_PAIR_PART_LENGTH, 'signing secret key');
  return ed25519.sign(message, signingSecretKey);
}

/**
 * Verifies a node record's signature under the writer's public key.
 * @throws CryptoError DECRYPT_FAILED if the signature does not verify (one code for every
 *   authentication failure); INVALID_INPUT for a malformed record, a signature that is not 64
 *   bytes, or a malformed or small-order public key.
 */
export function verifyNodeRecord(record: NodeRecord, signature: Uint8Array, signerPublicKey: Uint8Array): void {
  const message = nodeRecordMessage(record);
  ensureBytes(signature, SIGNATURE_LENGTH, 'signature');
  ensureSigningPublicKey(signerPublicKey, 'signer public key');
  if (!verifyStrict(signature, message, signerPublicKey)) {
    throw new CryptoError('DECRYPT_FAILED', 'node record signature does not verify');
  }
}

/**
 * Refuses a version counter that is not greater than the last one seen for the node: a server
 * replaying an older (validly signed) record is a rollback. A client that re-reads an unchanged
 * node compares the record (e.g. `nodeRecordMessage`) with the one it holds instead.
 * @throws CryptoError DECRYPT_FAILED for a rollback or replay; INVALID_INPUT for counters that
 *   are not non-negative safe integers.
 */
export function ensureVersionAdvances(version: number, lastSeenVersion: number | undefined): void {
  ensure(Number.isSafeInteger(version) && version >= 0, 'version must be a non-negative safe integer');
  if (lastSeenVersion === undefined) return;
  ensure(Number.isSafeInteger(lastSeenVersion) && lastSeenVersion >= 0, 'last seen version must be a non-negative safe integer');
  if (version <= lastSeenVersion) {
    throw new CryptoError('DECRYPT_FAILED', `version ${version} is not newer than ${lastSeenVersion}`);
  }
}

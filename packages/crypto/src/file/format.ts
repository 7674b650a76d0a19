/**
 * File format v1: the byte layout, key schedule and chunk geometry. Specified in
 * docs/crypto.md ("File format v1"); every constant here appears there.
 *
 *   file   = header (80 bytes) ‖ chunk_0 ‖ … ‖ chunk_{n-1}
 *   header = magic "CFRE" ‖ version 0x01 ‖ algorithm 0x01 ‖ log2(chunk size) ‖ 0x00
 *            ‖ plaintext length (u64 BE) ‖ salt (32) ‖ commitment (32)
 *   chunk_i = AES-256-GCM(payload key, nonce_i, aad = SHA-256(header), plaintext_i) ‖ tag (16)
 *   nonce_i = i as 11-byte big-endian ‖ (0x01 if i is the last chunk else 0x00)
 *
 * The construction follows the STREAM construction (Hoang, Reyhanitabar, Rogaway, Vizár 2015)
 * as used by age and Tink's AES-GCM-HKDF streaming: a fresh key per file version derived with a
 * random salt, a counter nonce with a last-chunk flag (reordering and truncation fail), and a
 * key-committing header MAC so that one ciphertext cannot decrypt under two keys.
 */
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, encodeFields, equalBytes, ensureBytes, randomBytes, readU64be, u64be, utf8ToBytes } from '../bytes.js';
import { CryptoError, ensure } from '../errors.js';
import { DOMAINS, LABELS } from '../labels.js';
import { TAG_LENGTH } from './aead.js';

export const MAGIC = new Uint8Array([0x43, 0x46, 0x52, 0x45]); // "CFRE"
export const VERSION_1 = 0x01;
export const ALGORITHM_AES_256_GCM = 0x01;
export const HEADER_LENGTH = 80;
export const KEY_LENGTH = 32;
export const SALT_LENGTH = 32;
const PREFIX_LENGTH = 48; // header bytes covered by the commitment
export const NONCE_LENGTH = 12;

/** Smallest and largest chunk sizes, as log2: 4 KiB to 16 MiB. */
export const MIN_CHUNK_LOG2 = 12;
export const MAX_CHUNK_LOG2 = 24;
/** Default chunk size: 256 KiB, a balance of throughput and seek granularity (docs/benchmarks.md). */
export const DEFAULT_CHUNK_SIZE = 256 * 1024;

/** The parsed, not yet authenticated, header of a v1 file. */
export interface FileHeader {
  readonly version: 1;
  readonly chunkSize: number;
  readonly plaintextLength: number;
  readonly salt: Uint8Array;
  readonly commitment: Uint8Array;
  /** The 80 header bytes exactly as stored. */
  readonly bytes: Uint8Array;
}

/** Keys and associated data for one file version, derived once from the file key. */
export interface FileKeys {
  readonly payloadKey: Uint8Array;
  /** SHA-256 of the whole header: the associated data of every chunk. */
  readonly headerHash: Uint8Array;
}

function chunkLog2(chunkSize: number): number {
  const log2 = Math.log2(chunkSize);
  ensure(
    Number.isInteger(log2) && log2 >= MIN_CHUNK_LOG2 && log2 <= MAX_CHUNK_LOG2,
    `chunk size must be a power of two from 4 KiB to 16 MiB, got ${chunkSize}`,
  );
  return log2;
}

/** Number of chunks of a file: at least one, so that an empty file still authenticates. */
export function chunkCount(plaintextLength: number, chunkSize: number): number {
  return Math.max(1, Math.ceil(plaintextLength / chunkSize));
}

/** Total ciphertext length of a file of `plaintextLength` bytes. */
export function ciphertextLength(plaintextLength: number, chunkSize: number): number {
  return HEADER_LENGTH + plaintextLength + chunkCount(plaintextLength, chunkSize) * TAG_LENGTH;
}

/** Plaintext length of chunk `index`. */
export function chunkPlaintextLength(header: Pick<FileHeader, 'chunkSize' | 'plaintextLength'>, index: number): number {
  const count = chunkCount(header.plaintextLength, header.chunkSize);
  ensure(Number.isInteger(index) && index >= 0 && index < count, `chunk index ${index} out of range`);
  return index < count - 1 ? header.chunkSize : header.plaintextLength - (count - 1) * header.chunkSize;
}

/** Offset of chunk `index` in the ciphertext. */
export function chunkCiphertextOffset(chunkSize: number, index: number): number {
  return HEADER_LENGTH + index * (chunkSize + TAG_LENGTH);
}

/** nonce_i = i (11 bytes, big-endian) ‖ last-chunk flag. */
export function chunkNonce(index: number, last: boolean): Uint8Array {
  const nonce = new Uint8Array(NONCE_LENGTH);
  nonce.set(u64be(index), 3); // index < 2^53, so the top three bytes stay zero
  nonce[11] = last ? 1 : 0;
  return nonce;
}

function deriveKeys(fileKey: Uint8Array, salt: Uint8Array) {
  return {
    payloadKey: hkdf(sha256, fileKey, salt, utf8ToBytes(LABELS.filePayload), KEY_LENGTH),
    commitKey: hkdf(sha256, fileKey, salt, utf8ToBytes(LABELS.fileHeaderCommit), KEY_LENGTH),
  };
}

/** commitment = HMAC-SHA-256(commit key, header[0..48] ‖ context). */
function commit(commitKey: Uint8Array, prefix: Uint8Array, context: Uint8Array): Uint8Array {
  return hmac(sha256, commitKey, concatBytes(prefix, context));
}

/**
 * Builds the header of a new file version and derives its keys.
 * @throws CryptoError INVALID_INPUT for a bad key, length, chunk size or salt.
 */
export function createHeader(
  fileKey: Uint8Array,
  plaintextLength: number,
  chunkSize: number,
  context: Uint8Array,
  salt: Uint8Array = randomBytes(SALT_LENGTH),
): { header: FileHeader; keys: FileKeys } {
  ensureBytes(fileKey, KEY_LENGTH, 'file key');
  ensureBytes(context, undefined, 'context');
  ensureBytes(salt, SALT_LENGTH, 'salt');
  ensure(Number.isSafeInteger(plaintextLength) && plaintextLength >= 0, 'plaintext length must be a non-negative safe integer');
  const prefix = concatBytes(
    MAGIC,
    new Uint8Array([VERSION_1, ALGORITHM_AES_256_GCM, chunkLog2(chunkSize), 0]),
    u64be(plaintextLength),
    salt,
  );
  const { payloadKey, commitKey } = deriveKeys(fileKey, salt);
  const commitment = commit(commitKey, prefix, context);
  const bytes = concatBytes(prefix, commitment);
  return {
    header: { version: 1, chunkSize, plaintextLength, salt: salt.slice(), commitment, bytes },
    keys: { payloadKey, headerHash: sha256(bytes) },
  };
}

/**
 * Parses a header without any key: enough to plan byte ranges. Nothing in it is trusted until
 * {@link openHeader} has checked the commitment.
 * @throws CryptoError INVALID_INPUT if it is not a Coffre file header;
 *   UNSUPPORTED_VERSION for an unknown version or algorithm (never guessed or downgraded).
 */
export function parseHeader(bytes: Uint8Array): FileHeader {
  ensureBytes(bytes, undefined, 'header');
  ensure(bytes.length >= HEADER_LENGTH, `header must be ${HEADER_LENGTH} bytes, got ${bytes.length}`);
  ensure(equalBytes(bytes.subarray(0, 4), MAGIC), 'not a Coffre file (bad magic)');
  if (bytes[4] !== VERSION_1) throw new CryptoError('UNSUPPORTED_VERSION', `file format version ${bytes[4]}`);
  if (bytes[5] !== ALGORITHM_AES_256_GCM) throw new CryptoError('UNSUPPORTED_VERSION', `file algorithm ${bytes[5]}`);
  const log2 = bytes[6]!;
  ensure(log2 >= MIN_CHUNK_LOG2 && log2 <= MAX_CHUNK_LOG2, `chunk size 2^${log2} out of range`);
  ensure(bytes[7] === 0, 'reserved header byte must be zero');
  const own = bytes.slice(0, HEADER_LENGTH);
  return {
    version: 1,
    chunkSize: 2 ** log2,
    plaintextLength: readU64be(own, 8),
    salt: own.slice(16, PREFIX_LENGTH),
    commitment: own.slice(PREFIX_LENGTH, HEADER_LENGTH),
    bytes: own,
  };
}

/**
 * Authenticates a parsed header against the file key and context, and derives the chunk keys.
 * A wrong key, a wrong context or any modified header byte fails here, before any chunk is
 * decrypted.
 * @throws CryptoError DECRYPT_FAILED when the commitment does not verify.
 */
export function openHeader(fileKey: Uint8Array, header: FileHeader, context: Uint8Array): FileKeys {
  ensureBytes(fileKey, KEY_LENGTH, 'file key');
  ensureBytes(context, undefined, 'context');
  const { payloadKey, commitKey } = deriveKeys(fileKey, header.salt);
  const expected = commit(commitKey, header.bytes.subarray(0, PREFIX_LENGTH), context);
  if (!equalBytes(expected, header.commitment)) throw new CryptoError('DECRYPT_FAILED', 'header commitment mismatch');
  return { payloadKey, headerHash: sha256(header.bytes) };
}

/** Where a file version belongs: bound into its header commitment, hence into every chunk. */
export interface FileBinding {
  ownerId: string;
  nodeId: string;
  /** The file version counter: a non-negative safe integer. */
  version: number;
}

/**
 * The context of a drive file version:
 * encodeFields(UTF-8("coffre/v1/file/context"), UTF-8(owner id), UTF-8(node id), u64be(version)).
 * A server that serves one node's or version's content as another's makes decryption fail.
 * @throws CryptoError INVALID_INPUT for empty ids or a bad version.
 */
export function fileContext(binding: FileBinding): Uint8Array {
  ensure(typeof binding.ownerId === 'string' && binding.ownerId.length > 0, 'ownerId must be a non-empty string');
  ensure(typeof binding.nodeId === 'string' && binding.nodeId.length > 0, 'nodeId must be a non-empty string');
  return encodeFields(utf8ToBytes(DOMAINS.fileContext), utf8ToBytes(binding.ownerId), utf8ToBytes(binding.nodeId), u64be(binding.version));
}

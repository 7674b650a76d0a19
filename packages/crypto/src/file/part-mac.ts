/**
 * Part MACs for resumable uploads (docs/crypto.md, "Upload part MACs"; docs/drive-design.md,
 * "Resuming safely"). Resuming an upload re-encrypts parts of a file with the same file key and
 * salt; if the plaintext had changed in between, AES-GCM would reuse a nonce on different data,
 * which leaks the XOR of the plaintexts and GHASH's authentication key. So before any byte of a
 * part leaves, the uploader records a MAC of the part's plaintext, and on resume it re-reads the
 * part and refuses to encrypt it again unless the MAC matches.
 *
 *   part MAC key = HKDF-SHA-256(IKM = file key, salt = file salt, info = upload/part-mac-key, L = 32)
 *   part MAC     = HMAC-SHA-256(part MAC key, encodeFields(u64be(part), u64be(start), u64be(end))
 *                               ‖ plaintext[start .. end))
 *
 * `[start, end)` is the plaintext of every chunk whose ciphertext overlaps the part (a chunk that
 * straddles two parts counts in both), so a part's MAC covers every chunk its bytes come from.
 */
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { encodeFields, ensureBytes, u64be, utf8ToBytes } from '../bytes.js';
import { ensure } from '../errors.js';
import { LABELS } from '../labels.js';
import { TAG_LENGTH } from './aead.js';
import { type FileHeader, HEADER_LENGTH, KEY_LENGTH, SALT_LENGTH, chunkCount, ciphertextLength } from './format.js';

/** SHA-256 of `bytes` as lowercase hex, on the platform's fastest implementation. */
export type Sha256Hex = (bytes: Uint8Array) => Promise<string>;

const toHex = (digest: Uint8Array) => Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');

/** SHA-256 through WebCrypto (which copies its input), or pure JS where it is missing. */
export const webCryptoSha256Hex: Sha256Hex = async (bytes) => {
  const subtle = globalThis.crypto?.subtle;
  if (subtle === undefined) return toHex(sha256(bytes));
  return toHex(new Uint8Array(await subtle.digest('SHA-256', bytes as BufferSource)));
};

/** HMAC-SHA-256 of the concatenation of `pieces`, on the platform's fastest implementation. */
export type HmacSha256 = (key: Uint8Array, pieces: readonly Uint8Array[]) => Promise<Uint8Array>;

/** Length of a part MAC in bytes. */
export const PART_MAC_LENGTH = 32;

/** Which plaintext a part MAC covers. */
export interface PartMacInput {
  /** The file version's content key. */
  fileKey: Uint8Array;
  /** The salt of the file version's header. */
  salt: Uint8Array;
  /** Part number, from 0. */
  part: number;
  /** Plaintext offsets covered: [start, end). */
  start: number;
  end: number;
}

/** Where one part of a file version's ciphertext comes from. */
export interface PartPlan {
  part: number;
  /** The part's ciphertext bytes: [ciphertextStart, ciphertextEnd). */
  ciphertextStart: number;
  ciphertextEnd: number;
  /** The chunks whose ciphertext overlaps the part. */
  firstChunk: number;
  lastChunk: number;
  /** Their plaintext, which the part MAC covers: [start, end). */
  start: number;
  end: number;
}

function ensurePartSize(partSize: number): void {
  ensure(Number.isSafeInteger(partSize) && partSize > HEADER_LENGTH, `part size must be an integer above ${HEADER_LENGTH}`);
}

/**
 * How many parts a ciphertext of `ciphertextSize` bytes is cut into (at least one).
 * @throws CryptoError INVALID_INPUT for a size or part size that is not a positive integer.
 */
export function partCount(ciphertextSize: number, partSize: number): number {
  ensurePartSize(partSize);
  ensure(Number.isSafeInteger(ciphertextSize) && ciphertextSize > 0, 'ciphertext size must be a positive integer');
  return Math.ceil(ciphertextSize / partSize);
}

/**
 * Maps part `part` of the ciphertext (parts of `partSize` bytes, the last one shorter) to the
 * chunks it is cut from and the plaintext its MAC covers. Needs only the header's geometry.
 * @throws CryptoError INVALID_INPUT for a part outside the file or a bad part size.
 */
export function planPart(header: Pick<FileHeader, 'chunkSize' | 'plaintextLength'>, partSize: number, part: number): PartPlan {
  const { chunkSize, plaintextLength } = header;
  const total = ciphertextLength(plaintextLength, chunkSize);
  const parts = partCount(total, partSize);
  ensure(Number.isSafeInteger(part) && part >= 0 && part < parts, `part ${part} outside a file of ${parts} parts`);
  const ciphertextStart = part * partSize;
  const ciphertextEnd = Math.min(ciphertextStart + partSize, total);
  const sealedChunk = chunkSize + TAG_LENGTH;
  const lastIndex = chunkCount(plaintextLength, chunkSize) - 1;
  const firstChunk = Math.floor((Math.max(ciphertextStart, HEADER_LENGTH) - HEADER_LENGTH) / sealedChunk);
  const lastChunk = Math.min(Math.floor((ciphertextEnd - 1 - HEADER_LENGTH) / sealedChunk), lastIndex);
  return {
    part,
    ciphertextStart,
    ciphertextEnd,
    firstChunk,
    lastChunk,
    start: firstChunk * chunkSize,
    end: Math.min((lastChunk + 1) * chunkSize, plaintextLength),
  };
}

/** @internal Builds `computePartMac` over one HMAC implementation (see the entry points). */
export function createPartMac(hmacSha256: HmacSha256) {
  /**
   * The MAC of one part's plaintext, `plaintext` being the bytes [start, end) in one or more
   * consecutive pieces.
   * @throws CryptoError INVALID_INPUT for a bad key, salt or range, or pieces whose total length
   *   is not end - start.
   */
  return async function computePartMac(input: PartMacInput, plaintext: Uint8Array | readonly Uint8Array[]): Promise<Uint8Array> {
    ensure(typeof input === 'object' && input !== null, 'part MAC input must be an object');
    ensureBytes(input.fileKey, KEY_LENGTH, 'file key');
    ensureBytes(input.salt, SALT_LENGTH, 'salt');
    ensure(Number.isSafeInteger(input.part) && input.part >= 0, 'part must be a non-negative safe integer');
    ensure(Number.isSafeInteger(input.start) && Number.isSafeInteger(input.end) && 0 <= input.start && input.start <= input.end, 'range must satisfy 0 <= start <= end');
    const pieces = plaintext instanceof Uint8Array ? [plaintext] : [...plaintext];
    let length = 0;
    for (const piece of pieces) {
      ensureBytes(piece, undefined, 'plaintext piece');
      length += piece.length;
    }
    ensure(length === input.end - input.start, `plaintext has ${length} bytes, the range ${input.end - input.start}`);
    const key = hkdf(sha256, input.fileKey, input.salt, utf8ToBytes(LABELS.uploadPartMacKey), PART_MAC_LENGTH);
    const prefix = encodeFields(u64be(input.part), u64be(input.start), u64be(input.end));
    return hmacSha256(key, [prefix, ...pieces]);
  };
}

/** HMAC-SHA-256 in pure JS (about 150 MB/s here): the fallback without WebCrypto. */
export const nobleHmacSha256: HmacSha256 = async (key, pieces) => {
  const mac = hmac.create(sha256, key);
  for (const piece of pieces) mac.update(piece);
  return mac.digest();
};

/**
 * Where WebCrypto's HMAC input is joined, reused from call to call: a fresh buffer per part (8 MiB
 * by default) cost Chromium's upload worker more in new pages than the copy itself (200 MB: about
 * 0.7 CPU s). Safe to share: `sign` copies its input before it returns its promise, and the join
 * and that call run without a pause in between.
 */
let joinBuffer: Uint8Array | undefined;

function joined(pieces: readonly Uint8Array[]): Uint8Array {
  if (pieces.length === 1) return pieces[0]!;
  const length = pieces.reduce((sum, piece) => sum + piece.length, 0);
  if (joinBuffer === undefined || joinBuffer.length < length) joinBuffer = new Uint8Array(length);
  let offset = 0;
  for (const piece of pieces) {
    joinBuffer.set(piece, offset);
    offset += piece.length;
  }
  return joinBuffer.subarray(0, length);
}

/** HMAC-SHA-256 through WebCrypto (native speed in browsers), or pure JS where it is missing. */
export const webCryptoHmacSha256: HmacSha256 = async (key, pieces) => {
  const subtle = globalThis.crypto?.subtle;
  if (subtle === undefined) return nobleHmacSha256(key, pieces);
  const cryptoKey = await subtle.importKey('raw', key as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  // WebCrypto signs one buffer: a part's plaintext (at most a part, 8 MiB by default) is joined once.
  return new Uint8Array(await subtle.sign('HMAC', cryptoKey, joined(pieces) as BufferSource));
};

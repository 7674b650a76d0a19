/**
 * Envelopes: authenticated encryption of small objects (names, metadata records, wrapped keys)
 * in a versioned, self-describing format, bound to the place they belong. Specified in
 * docs/crypto.md ("Envelopes"); every constant here appears there.
 *
 *   envelope   = version 0x01 ‖ algorithm 0x01 ‖ purpose id ‖ nonce (24) ‖ commitment (32)
 *                ‖ ciphertext ‖ tag (16)
 *   okm        = HKDF-SHA-256(IKM = parent key, salt = nonce, info = purpose label, L = 64)
 *   key        = okm[0..32],  commitment = okm[32..64]
 *   ad         = encodeFields(header (3 bytes), owner id, node id, parent id, link id, u64be(version))
 *   ciphertext ‖ tag = XChaCha20-Poly1305(key, nonce, ad, plaintext)
 *
 * Why each piece is there:
 * - The purpose label in HKDF gives every purpose its own key (RFC 5869 §3.2 "info"), so a key
 *   wrapped for one purpose can never be opened, or forged, as another.
 * - The random 24-byte nonce makes collisions negligible however many envelopes a key seals
 *   (draft-irtf-cfrg-xchacha §2), so callers never handle nonces.
 * - Poly1305 is not key-committing: without the commitment, one ciphertext can be built to
 *   open under many keys, which turns "did it decrypt?" into a key-guessing oracle for keys
 *   derived from passwords (partitioning-oracle attacks, Len-Grubbs-Ristenpart 2021). The
 *   commitment, checked before decryption, ties each envelope to exactly one parent key.
 * - The associated data binds owner, node, parent or link and version: a server that moves an
 *   envelope to another node, account, folder or version gets DECRYPT_FAILED.
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, encodeFields, ensureBytes, equalBytes, randomBytes, u64be, utf8ToBytes } from './bytes.js';
import { CryptoError, ensure } from './errors.js';
import { LABELS } from './labels.js';

export const ENVELOPE_VERSION = 0x01;
/** XChaCha20-Poly1305 with an HKDF-SHA-256 key commitment. */
export const ENVELOPE_ALGORITHM = 0x01;
export const ENVELOPE_KEY_LENGTH = 32;
export const ENVELOPE_NONCE_LENGTH = 24;
export const ENVELOPE_COMMITMENT_LENGTH = 32;
export const ENVELOPE_TAG_LENGTH = 16;
const HEADER_LENGTH = 3;
/** Bytes an envelope adds to its plaintext: header, nonce, commitment and tag. */
export const ENVELOPE_OVERHEAD = HEADER_LENGTH + ENVELOPE_NONCE_LENGTH + ENVELOPE_COMMITMENT_LENGTH + ENVELOPE_TAG_LENGTH;
/** Envelopes are for small objects; bulk data uses the file format. */
export const ENVELOPE_MAX_PLAINTEXT = 1024 * 1024;
/** Longest id (owner, node, parent, link) accepted in a binding, in UTF-8 bytes. */
export const MAX_ID_LENGTH = 1024;

/**
 * Which ids a purpose binds. `node`: owner, node and parent (the empty string for a root
 * folder); `account`: owner only; `link`: owner, node and link; `file`: owner and node, with the
 * file version number as the version (no parent, so moving a file leaves its versions' wraps
 * valid: what a move rewraps is the node key, under which the file keys stay).
 */
type Scope = 'node' | 'account' | 'link' | 'file';

/** The closed set of envelope purposes. Ids and labels are permanent; new purposes get new ones. */
export const PURPOSES = {
  'node-key-wrap': { id: 0x01, label: LABELS.envelopeNodeKeyWrap, scope: 'node' },
  'node-name': { id: 0x02, label: LABELS.envelopeNodeName, scope: 'node' },
  'node-metadata': { id: 0x03, label: LABELS.envelopeNodeMetadata, scope: 'node' },
  'file-key-wrap': { id: 0x04, label: LABELS.envelopeFileKeyWrap, scope: 'file' },
  'upload-key-wrap': { id: 0x05, label: LABELS.envelopeUploadKeyWrap, scope: 'file' },
  'root-key-wrap': { id: 0x10, label: LABELS.envelopeRootKeyWrap, scope: 'account' },
  'identity-x25519-wrap': { id: 0x11, label: LABELS.envelopeSharingKeyWrap, scope: 'account' },
  'identity-ed25519-wrap': { id: 0x12, label: LABELS.envelopeSigningKeyWrap, scope: 'account' },
  'recovery-wrap': { id: 0x13, label: LABELS.envelopeRecoveryWrap, scope: 'account' },
  'recovery-escrow': { id: 0x14, label: LABELS.envelopeRecoveryEscrow, scope: 'account' },
  'link-key-wrap': { id: 0x20, label: LABELS.envelopeLinkKeyWrap, scope: 'link' },
  'link-password-wrap': { id: 0x21, label: LABELS.envelopeLinkPasswordWrap, scope: 'link' },
} as const satisfies Record<string, { id: number; label: string; scope: Scope }>;

export type Purpose = keyof typeof PURPOSES;

/**
 * Where an envelope belongs; every field is associated data. Which ids are required depends on
 * the purpose's scope (see PURPOSES); ids a purpose does not use must be left out.
 */
export interface EnvelopeBinding {
  /** The account that owns the object. */
  ownerId: string;
  /** The node the object belongs to (node, file and link purposes). */
  nodeId?: string;
  /** The node's parent folder, or '' for a root folder (node purposes). */
  parentId?: string;
  /** The share link the object belongs to (link purposes). */
  linkId?: string;
  /**
   * Version counter of the object: a non-negative safe integer. For `file-key-wrap` and
   * `upload-key-wrap`, the number of the file version the content is encrypted for (the version
   * of its file context).
   */
  version: number;
}

const PURPOSE_BY_ID = new Map<number, Purpose>(
  Object.entries(PURPOSES).map(([name, spec]) => [spec.id, name as Purpose]),
);

function purposeSpec(purpose: Purpose) {
  ensure(typeof purpose === 'string' && Object.hasOwn(PURPOSES, purpose), `unknown envelope purpose ${String(purpose)}`);
  return PURPOSES[purpose];
}

function encodeId(value: unknown, name: string, required: boolean, allowEmpty = false): Uint8Array {
  if (!required) {
    ensure(value === undefined, `${name} is not part of this purpose's binding`);
    return new Uint8Array(0);
  }
  ensure(typeof value === 'string', `${name} must be a string`);
  ensure(allowEmpty || value.length > 0, `${name} must not be empty`);
  const bytes = utf8ToBytes(value);
  ensure(bytes.length <= MAX_ID_LENGTH, `${name} is longer than ${MAX_ID_LENGTH} bytes`);
  return bytes;
}

/** The associated data of an envelope: header and binding as length-prefixed fields. */
function associatedData(header: Uint8Array, scope: Scope, binding: EnvelopeBinding): Uint8Array {
  ensure(typeof binding === 'object' && binding !== null, 'binding must be an object');
  ensure(Number.isSafeInteger(binding.version) && binding.version >= 0, 'version must be a non-negative safe integer');
  return encodeFields(
    header,
    encodeId(binding.ownerId, 'ownerId', true),
    encodeId(binding.nodeId, 'nodeId', scope !== 'account'),
    encodeId(binding.parentId, 'parentId', scope === 'node', true),
    encodeId(binding.linkId, 'linkId', scope === 'link'),
    u64be(binding.version),
  );
}

/** Per-envelope key and key commitment (RFC 5869: nonce as salt, purpose label as info). */
function deriveEnvelopeKeys(parentKey: Uint8Array, nonce: Uint8Array, label: string) {
  const okm = hkdf(sha256, parentKey, nonce, utf8ToBytes(label), ENVELOPE_KEY_LENGTH + ENVELOPE_COMMITMENT_LENGTH);
  return { key: okm.subarray(0, ENVELOPE_KEY_LENGTH), commitment: okm.subarray(ENVELOPE_KEY_LENGTH) };
}

/**
 * Encrypts `plaintext` for `purpose` under a key derived from `parentKey`, bound to `binding`.
 * The nonce is random; the same call twice gives two different envelopes.
 * @throws CryptoError INVALID_INPUT for a parent key that is not 32 bytes, an unknown purpose,
 *   a binding that does not fit the purpose, or a plaintext over 1 MiB.
 */
export function sealEnvelope(parentKey: Uint8Array, purpose: Purpose, binding: EnvelopeBinding, plaintext: Uint8Array): Uint8Array {
  ensureBytes(parentKey, ENVELOPE_KEY_LENGTH, 'parent key');
  ensureBytes(plaintext, undefined, 'plaintext');
  ensure(plaintext.length <= ENVELOPE_MAX_PLAINTEXT, `plaintext is longer than ${ENVELOPE_MAX_PLAINTEXT} bytes`);
  const spec = purposeSpec(purpose);
  const header = new Uint8Array([ENVELOPE_VERSION, ENVELOPE_ALGORITHM, spec.id]);
  const ad = associatedData(header, spec.scope, binding);
  const nonce = randomBytes(ENVELOPE_NONCE_LENGTH);
  const { key, commitment } = deriveEnvelopeKeys(parentKey, nonce, spec.label);
  const sealed = xchacha20poly1305(key, nonce, ad).encrypt(plaintext);
  return concatBytes(header, nonce, commitment, sealed);
}

/**
 * Reads the purpose an envelope declares, without any key: lets a caller route an envelope.
 * Nothing read here is trusted until {@link openEnvelope} succeeds.
 * @throws CryptoError INVALID_INPUT if it is shorter than an empty envelope;
 *   UNSUPPORTED_VERSION for an unknown version, algorithm or purpose byte.
 */
export function envelopePurpose(envelope: Uint8Array): Purpose {
  ensureBytes(envelope, undefined, 'envelope');
  ensure(envelope.length >= ENVELOPE_OVERHEAD, `envelope must be at least ${ENVELOPE_OVERHEAD} bytes, got ${envelope.length}`);
  // Unknown formats are refused, never guessed: a downgrade to a weaker format must be impossible.
  if (envelope[0] !== ENVELOPE_VERSION) throw new CryptoError('UNSUPPORTED_VERSION', `envelope version ${envelope[0]}`);
  if (envelope[1] !== ENVELOPE_ALGORITHM) throw new CryptoError('UNSUPPORTED_VERSION', `envelope algorithm ${envelope[1]}`);
  const purpose = PURPOSE_BY_ID.get(envelope[2]!);
  if (purpose === undefined) throw new CryptoError('UNSUPPORTED_VERSION', `envelope purpose ${envelope[2]}`);
  return purpose;
}

/**
 * Decrypts an envelope sealed for `purpose` under `parentKey` and bound to `binding`.
 * @throws CryptoError DECRYPT_FAILED if the envelope was sealed for another purpose, key,
 *   owner, node, parent, link or version, or was modified in any way;
 *   UNSUPPORTED_VERSION for an unknown version, algorithm or purpose byte;
 *   INVALID_INPUT for malformed arguments or an envelope shorter than the fixed overhead.
 */
export function openEnvelope(parentKey: Uint8Array, purpose: Purpose, binding: EnvelopeBinding, envelope: Uint8Array): Uint8Array {
  ensureBytes(parentKey, ENVELOPE_KEY_LENGTH, 'parent key');
  const spec = purposeSpec(purpose);
  const declared = envelopePurpose(envelope);
  const header = envelope.subarray(0, HEADER_LENGTH);
  const ad = associatedData(header, spec.scope, binding);
  // This guard must stay even though the purpose is also in the key derivation and the
  // associated data: refusing a type mismatch up front means no code path ever runs a key of
  // one purpose over a payload of another (the confusion the MEGA 2022 attacks relied on).
  if (declared !== purpose) throw new CryptoError('DECRYPT_FAILED', `envelope is for ${declared}, expected ${purpose}`);
  let offset = HEADER_LENGTH;
  const nonce = envelope.subarray(offset, (offset += ENVELOPE_NONCE_LENGTH));
  const commitment = envelope.subarray(offset, (offset += ENVELOPE_COMMITMENT_LENGTH));
  const keys = deriveEnvelopeKeys(parentKey, nonce, spec.label);
  if (!equalBytes(keys.commitment, commitment)) throw new CryptoError('DECRYPT_FAILED', 'key commitment mismatch');
  try {
    return xchacha20poly1305(keys.key, nonce, ad).decrypt(envelope.subarray(offset));
  } catch {
    throw new CryptoError('DECRYPT_FAILED', 'envelope failed authentication');
  }
}

// A second implementation of the constructions, written from docs/crypto.md alone and built on
// node:crypto wherever node:crypto can compute the same thing (HKDF, HMAC, SHA-256, X25519,
// Ed25519, AES-256-GCM); only XChaCha20-Poly1305, which node:crypto lacks, comes from
// @noble/ciphers. Labels are written out here rather than imported, so that a change to a label
// in src/ breaks the tests instead of silently moving the vectors.
//
// Tests use it to check that the library's output decodes per the specification, and the
// generators use it to record intermediate values for reimplementers.
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import {
  createDecipheriv,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  hkdfSync,
  sign,
  verify,
} from 'node:crypto';

const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));

export const REFERENCE_LABELS = {
  'node-key-wrap': 'coffre/v1/envelope/node-key-wrap',
  'node-name': 'coffre/v1/envelope/node-name',
  'node-metadata': 'coffre/v1/envelope/node-metadata',
  'file-key-wrap': 'coffre/v1/envelope/file-key-wrap',
  'upload-key-wrap': 'coffre/v1/envelope/upload-key-wrap',
  'root-key-wrap': 'coffre/v1/envelope/root-key-wrap',
  'identity-x25519-wrap': 'coffre/v1/envelope/identity-x25519-wrap',
  'identity-ed25519-wrap': 'coffre/v1/envelope/identity-ed25519-wrap',
  'recovery-wrap': 'coffre/v1/envelope/recovery-wrap',
  'recovery-escrow': 'coffre/v1/envelope/recovery-escrow',
  'link-key-wrap': 'coffre/v1/envelope/link-key-wrap',
  'link-password-wrap': 'coffre/v1/envelope/link-password-wrap',
} as const;
export const REFERENCE_PURPOSE_IDS = {
  'node-key-wrap': 0x01,
  'node-name': 0x02,
  'node-metadata': 0x03,
  'file-key-wrap': 0x04,
  'upload-key-wrap': 0x05,
  'root-key-wrap': 0x10,
  'identity-x25519-wrap': 0x11,
  'identity-ed25519-wrap': 0x12,
  'recovery-wrap': 0x13,
  'recovery-escrow': 0x14,
  'link-key-wrap': 0x20,
  'link-password-wrap': 0x21,
} as const;
export type ReferencePurpose = keyof typeof REFERENCE_LABELS;

/** encodeFields: each field as u32be(length) ‖ bytes. */
export function fields(...parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(
    Buffer.concat(
      parts.flatMap((part) => {
        const length = Buffer.alloc(4);
        length.writeUInt32BE(part.length);
        return [length, Buffer.from(part)];
      }),
    ),
  );
}

function u64(value: number): Uint8Array {
  const out = Buffer.alloc(8);
  out.writeBigUInt64BE(BigInt(value));
  return new Uint8Array(out);
}

export function hkdf(ikm: Uint8Array, salt: Uint8Array, info: string | Uint8Array, length: number): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', ikm, salt, typeof info === 'string' ? utf8(info) : info, length));
}

export function sha256(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(bytes).digest());
}

export interface ReferenceBinding {
  ownerId: string;
  nodeId?: string;
  parentId?: string;
  linkId?: string;
  version: number;
}

/** The envelope's associated data: header, owner, node, parent, link (absent = empty), u64 version. */
export function envelopeAssociatedData(header: Uint8Array, binding: ReferenceBinding): Uint8Array {
  return fields(
    header,
    utf8(binding.ownerId),
    utf8(binding.nodeId ?? ''),
    utf8(binding.parentId ?? ''),
    utf8(binding.linkId ?? ''),
    u64(binding.version),
  );
}

/** Decomposes and opens an envelope per the specification; throws on any mismatch. */
export function referenceOpenEnvelope(parentKey: Uint8Array, purpose: ReferencePurpose, binding: ReferenceBinding, envelope: Uint8Array) {
  const header = envelope.subarray(0, 3);
  if (header[0] !== 1 || header[1] !== 1 || header[2] !== REFERENCE_PURPOSE_IDS[purpose]) throw new Error('header mismatch');
  const nonce = envelope.subarray(3, 27);
  const commitment = envelope.subarray(27, 59);
  const okm = hkdf(parentKey, nonce, REFERENCE_LABELS[purpose], 64);
  const key = okm.subarray(0, 32);
  if (!Buffer.from(okm.subarray(32)).equals(Buffer.from(commitment))) throw new Error('commitment mismatch');
  const associatedData = envelopeAssociatedData(header, binding);
  const plaintext = xchacha20poly1305(key, nonce, associatedData).decrypt(envelope.subarray(59));
  return { plaintext, nonce, commitment, key, associatedData };
}

// DER prefixes of raw 32-byte keys (RFC 8410 §4, §7).
const X25519_SPKI = Buffer.from('302a300506032b656e032100', 'hex');
const X25519_PKCS8 = Buffer.from('302e020100300506032b656e04220420', 'hex');
const ED25519_SPKI = Buffer.from('302a300506032b6570032100', 'hex');
const ED25519_PKCS8 = Buffer.from('302e020100300506032b657004220420', 'hex');

export function nodeX25519(secretKey: Uint8Array, publicKey: Uint8Array): Uint8Array {
  return new Uint8Array(
    diffieHellman({
      privateKey: createPrivateKey({ key: Buffer.concat([X25519_PKCS8, secretKey]), format: 'der', type: 'pkcs8' }),
      publicKey: createPublicKey({ key: Buffer.concat([X25519_SPKI, publicKey]), format: 'der', type: 'spki' }),
    }),
  );
}

export function nodeX25519PublicKey(secretKey: Uint8Array): Uint8Array {
  const key = createPublicKey(createPrivateKey({ key: Buffer.concat([X25519_PKCS8, secretKey]), format: 'der', type: 'pkcs8' }));
  return new Uint8Array(key.export({ format: 'der', type: 'spki' }).subarray(X25519_SPKI.length));
}

export function nodeEd25519Sign(secretKey: Uint8Array, message: Uint8Array): Uint8Array {
  return new Uint8Array(sign(null, message, createPrivateKey({ key: Buffer.concat([ED25519_PKCS8, secretKey]), format: 'der', type: 'pkcs8' })));
}

export function nodeEd25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  return verify(null, message, createPublicKey({ key: Buffer.concat([ED25519_SPKI, publicKey]), format: 'der', type: 'spki' }), signature);
}

export function nodeEd25519PublicKey(secretKey: Uint8Array): Uint8Array {
  const key = createPublicKey(createPrivateKey({ key: Buffer.concat([ED25519_PKCS8, secretKey]), format: 'der', type: 'pkcs8' }));
  return new Uint8Array(key.export({ format: 'der', type: 'spki' }).subarray(ED25519_SPKI.length));
}

// RFC 9180 §4 and §5.1, base mode, for DHKEM(X25519, HKDF-SHA256) / HKDF-SHA256 / AES-GCM.
const KEM_SUITE_ID = new Uint8Array([...utf8('KEM'), 0x00, 0x20]);

function hpkeSuiteId(aeadId: number): Uint8Array {
  return new Uint8Array([...utf8('HPKE'), 0x00, 0x20, 0x00, 0x01, 0x00, aeadId]);
}

function labeledExtract(suiteId: Uint8Array, salt: Uint8Array, label: string, ikm: Uint8Array): Uint8Array {
  const key = salt.length === 0 ? Buffer.alloc(32) : Buffer.from(salt);
  return new Uint8Array(createHmac('sha256', key).update(Buffer.concat([utf8('HPKE-v1'), suiteId, utf8(label), ikm])).digest());
}

function labeledExpand(suiteId: Uint8Array, prk: Uint8Array, label: string, info: Uint8Array, length: number): Uint8Array {
  const labeledInfo = Buffer.concat([Buffer.from([length >> 8, length & 0xff]), utf8('HPKE-v1'), suiteId, utf8(label), info]);
  // HKDF-Expand (RFC 5869 §2.3); the lengths here never exceed one block.
  return new Uint8Array(createHmac('sha256', prk).update(Buffer.concat([labeledInfo, Buffer.from([1])])).digest().subarray(0, length));
}

/** RFC 9180 key schedule in base mode: the AEAD key and base nonce for (enc, recipient, info). */
export function hpkeBaseKeySchedule(input: { recipientSecretKey: Uint8Array; enc: Uint8Array; info: Uint8Array; aeadId: 1 | 2 }) {
  const dh = nodeX25519(input.recipientSecretKey, input.enc);
  const kemContext = Buffer.concat([input.enc, nodeX25519PublicKey(input.recipientSecretKey)]);
  const eaePrk = labeledExtract(KEM_SUITE_ID, new Uint8Array(0), 'eae_prk', dh);
  const sharedSecret = labeledExpand(KEM_SUITE_ID, eaePrk, 'shared_secret', kemContext, 32);
  const suiteId = hpkeSuiteId(input.aeadId);
  const pskIdHash = labeledExtract(suiteId, new Uint8Array(0), 'psk_id_hash', new Uint8Array(0));
  const infoHash = labeledExtract(suiteId, new Uint8Array(0), 'info_hash', input.info);
  const context = new Uint8Array([0x00, ...pskIdHash, ...infoHash]);
  const secret = labeledExtract(suiteId, sharedSecret, 'secret', new Uint8Array(0));
  const keyLength = input.aeadId === 1 ? 16 : 32;
  return {
    sharedSecret,
    keyScheduleContext: context,
    key: labeledExpand(suiteId, secret, 'key', context, keyLength),
    baseNonce: labeledExpand(suiteId, secret, 'base_nonce', context, 12),
  };
}

/** Opens the first message of an HPKE base-mode context with node:crypto's AES-GCM. */
export function hpkeBaseOpen(input: { recipientSecretKey: Uint8Array; enc: Uint8Array; info: Uint8Array; aad: Uint8Array; ciphertext: Uint8Array; aeadId: 1 | 2 }): Uint8Array {
  const { key, baseNonce } = hpkeBaseKeySchedule(input);
  const decipher = createDecipheriv(input.aeadId === 1 ? 'aes-128-gcm' : 'aes-256-gcm', key, baseNonce);
  decipher.setAAD(input.aad);
  decipher.setAuthTag(input.ciphertext.subarray(input.ciphertext.length - 16));
  return new Uint8Array(Buffer.concat([decipher.update(input.ciphertext.subarray(0, input.ciphertext.length - 16)), decipher.final()]));
}

// Links (docs/crypto.md, "Links"), written from the specification.
export const REFERENCE_LINK_LABELS = {
  wrappingKey: 'coffre/v1/link/wrapping-key',
  passwordWrappingKey: 'coffre/v1/link/password-wrapping-key',
  accessToken: 'coffre/v1/link/access-token',
} as const;

/** Wrapping keys, access token and its hash from a link secret (and link password key). */
export function referenceLinkKeys(secret: Uint8Array, passwordKey?: Uint8Array) {
  const empty = new Uint8Array(0);
  const accessToken = hkdf(secret, passwordKey ?? empty, REFERENCE_LINK_LABELS.accessToken, 32);
  return {
    wrappingKey: hkdf(secret, empty, REFERENCE_LINK_LABELS.wrappingKey, 32),
    passwordWrappingKey: passwordKey === undefined ? undefined : hkdf(passwordKey, secret, REFERENCE_LINK_LABELS.passwordWrappingKey, 32),
    accessToken,
    accessHash: sha256(accessToken),
  };
}

/** Opens a link's key wrap per the specification (version counter 1). */
export function referenceOpenLinkKey(input: { keyWrap: Uint8Array; secret: Uint8Array; passwordKey?: Uint8Array; ownerId: string; nodeId: string; linkId: string }): Uint8Array {
  const keys = referenceLinkKeys(input.secret, input.passwordKey);
  const binding = { ownerId: input.ownerId, nodeId: input.nodeId, linkId: input.linkId, version: 1 };
  const inner = keys.passwordWrappingKey === undefined ? input.keyWrap : referenceOpenEnvelope(keys.passwordWrappingKey, 'link-password-wrap', binding, input.keyWrap).plaintext;
  return referenceOpenEnvelope(keys.wrappingKey, 'link-key-wrap', binding, inner).plaintext;
}

// Upload part MACs (docs/crypto.md, "Upload part MACs").
export const REFERENCE_PART_MAC_LABEL = 'coffre/v1/upload/part-mac-key';

/** The part MAC key and the MAC of plaintext bytes [start, end) of part `part`. */
export function referencePartMac(input: { fileKey: Uint8Array; salt: Uint8Array; part: number; start: number; end: number; plaintext: Uint8Array }) {
  const key = hkdf(input.fileKey, input.salt, REFERENCE_PART_MAC_LABEL, 32);
  const prefix = fields(u64(input.part), u64(input.start), u64(input.end));
  const mac = new Uint8Array(createHmac('sha256', key).update(prefix).update(input.plaintext).digest());
  return { key, prefix, mac };
}

/**
 * Where part `part` of a file's ciphertext comes from: the chunks whose ciphertext overlaps it,
 * and their plaintext range (header 80 bytes, chunks of chunkSize + 16 bytes).
 */
export function referencePlanPart(plaintextLength: number, chunkSize: number, partSize: number, part: number) {
  const chunks = Math.max(1, Math.ceil(plaintextLength / chunkSize));
  const total = 80 + plaintextLength + 16 * chunks;
  const from = part * partSize;
  const to = Math.min(from + partSize, total);
  if (from >= total) throw new Error('part outside the file');
  const firstChunk = Math.floor((Math.max(from, 80) - 80) / (chunkSize + 16));
  const lastChunk = Math.min(Math.floor((to - 1 - 80) / (chunkSize + 16)), chunks - 1);
  return { ciphertextStart: from, ciphertextEnd: to, firstChunk, lastChunk, start: firstChunk * chunkSize, end: Math.min((lastChunk + 1) * chunkSize, plaintextLength) };
}

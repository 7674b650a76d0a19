/**
 * Key shares: a 32-byte key (a node key, a track key) sealed to another party's X25519 public
 * key with HPKE (RFC 9180) and signed by the sender's Ed25519 key. Specified in docs/crypto.md
 * ("Key shares").
 *
 *   share = version 0x01 ‖ suite 0x01 ‖ purpose id ‖ enc (32) ‖ ciphertext (32) ‖ tag (16) ‖ signature (64)
 *   suite 0x01 = HPKE mode_base (RFC 9180 §5.1.1), DHKEM(X25519, HKDF-SHA256) (0x0020),
 *                HKDF-SHA256 (0x0001), AES-256-GCM (0x0002); Ed25519 (RFC 8032) signature
 *   info  = encodeFields(UTF-8(share-info domain), header, sender id, recipient id, subject id)
 *   (enc, ciphertext ‖ tag) = HPKE.Seal(pkR = recipient key, info, aad = empty, pt = key)
 *   signature = Ed25519(sender key, encodeFields(UTF-8(share-signature domain), header, enc,
 *               ciphertext ‖ tag, sender id, recipient id, subject id, recipient public key))
 *
 * HPKE's base mode does not authenticate the sender; the signature does, so a server cannot
 * plant a share that claims to come from someone it is not, nor re-target a share to another
 * recipient, subject or purpose. The signature is verified before anything is decrypted.
 * Suite 0x02 is reserved for the post-quantum hybrid (ML-KEM-768 + X25519) KEM.
 */
import { Aes256Gcm, CipherSuite, HkdfSha256 } from '@hpke/core';
import { DhkemX25519HkdfSha256 } from '@hpke/dhkem-x25519';
import { ed25519 } from '@noble/curves/ed25519.js';
import { concatBytes, encodeFields, ensureBytes, utf8ToBytes } from './bytes.js';
import { CryptoError, ensure } from './errors.js';
import { verifyStrict } from './ed25519-strict.js';
import { DOMAINS } from './labels.js';
import { KEY_PAIR_PART_LENGTH, ensureSharingPublicKey, ensureSigningPublicKey, sharingPublicKey } from './public-keys.js';

export const SHARE_VERSION = 0x01;
export const SHARE_SUITE_X25519_AES256GCM_ED25519 = 0x01;
export const SHARED_KEY_LENGTH = 32;
const HEADER_LENGTH = 3;
const ENC_LENGTH = 32;
const SEALED_LENGTH = SHARED_KEY_LENGTH + 16;
const SIGNATURE_LENGTH = 64;
/** Total length of a share. */
export const SHARE_LENGTH = HEADER_LENGTH + ENC_LENGTH + SEALED_LENGTH + SIGNATURE_LENGTH;
const MAX_ID_LENGTH = 1024;

/**
 * The closed set of share purposes. `node-key`: an account shares a node with another account;
 * `track-key`: the licence service delivers a purchased track's key to a buyer; `track-key-escrow`:
 * a track's key escrowed to the licence service at ingest.
 */
export const SHARE_PURPOSES = { 'node-key': 0x01, 'track-key': 0x02, 'track-key-escrow': 0x03 } as const;
export type SharePurpose = keyof typeof SHARE_PURPOSES;
const PURPOSE_BY_ID = new Map<number, SharePurpose>(
  Object.entries(SHARE_PURPOSES).map(([name, id]) => [id, name as SharePurpose]),
);

/** Who shares what with whom; all of it is bound into the HPKE info and the signature. */
export interface ShareBinding {
  purpose: SharePurpose;
  /** Account (or service) id of the sender. */
  senderId: string;
  /** Account (or service) id of the recipient. */
  recipientId: string;
  /** What the key opens: the node id, or the track id. */
  subjectId: string;
}

let suite: CipherSuite | undefined;
function hpkeSuite(): CipherSuite {
  suite ??= new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes256Gcm() });
  return suite;
}

function encodeId(value: unknown, name: string): Uint8Array {
  ensure(typeof value === 'string' && value.length > 0, `${name} must be a non-empty string`);
  const bytes = utf8ToBytes(value);
  ensure(bytes.length <= MAX_ID_LENGTH, `${name} is longer than ${MAX_ID_LENGTH} bytes`);
  return bytes;
}

function bindingFields(binding: ShareBinding): { header: Uint8Array; ids: Uint8Array[] } {
  ensure(typeof binding === 'object' && binding !== null, 'share binding must be an object');
  ensure(typeof binding.purpose === 'string' && Object.hasOwn(SHARE_PURPOSES, binding.purpose), `unknown share purpose ${String(binding.purpose)}`);
  const header = new Uint8Array([SHARE_VERSION, SHARE_SUITE_X25519_AES256GCM_ED25519, SHARE_PURPOSES[binding.purpose]]);
  const ids = [encodeId(binding.senderId, 'senderId'), encodeId(binding.recipientId, 'recipientId'), encodeId(binding.subjectId, 'subjectId')];
  return { header, ids };
}

function hpkeInfo(header: Uint8Array, ids: Uint8Array[]): Uint8Array {
  return encodeFields(utf8ToBytes(DOMAINS.shareInfo), header, ...ids);
}

function signedMessage(header: Uint8Array, enc: Uint8Array, sealed: Uint8Array, ids: Uint8Array[], recipientPublicKey: Uint8Array): Uint8Array {
  return encodeFields(utf8ToBytes(DOMAINS.shareSignature), header, enc, sealed, ...ids, recipientPublicKey);
}

/**
 * Seals `key` to the recipient's X25519 public key and signs the result with the sender's
 * Ed25519 secret key.
 * @throws CryptoError INVALID_INPUT for a key that is not 32 bytes, a low-order or malformed
 *   recipient key, a malformed signing key or binding.
 */
export async function sealKeyShare(input: {
  binding: ShareBinding;
  key: Uint8Array;
  recipientPublicKey: Uint8Array;
  senderSigningKey: Uint8Array;
}): Promise<Uint8Array> {
  const { header, ids } = bindingFields(input.binding);
  ensureBytes(input.key, SHARED_KEY_LENGTH, 'shared key');
  ensureSharingPublicKey(input.recipientPublicKey, 'recipient public key');
  ensureBytes(input.senderSigningKey, KEY_PAIR_PART_LENGTH, 'sender signing key');
  const hpke = hpkeSuite();
  const recipientKey = await hpke.kem.importKey('raw', input.recipientPublicKey.slice().buffer, true);
  const { enc, ct } = await hpke.seal({ recipientPublicKey: recipientKey, info: hpkeInfo(header, ids) }, input.key.slice().buffer);
  const encBytes = new Uint8Array(enc);
  const sealed = new Uint8Array(ct);
  const signature = ed25519.sign(signedMessage(header, encBytes, sealed, ids, input.recipientPublicKey), input.senderSigningKey);
  return concatBytes(header, encBytes, sealed, signature);
}

/**
 * Verifies a share's signature, then opens it with the recipient's X25519 secret key.
 * @throws CryptoError DECRYPT_FAILED for a bad signature, a share sealed for another purpose,
 *   sender, recipient, subject or key, or any modification; UNSUPPORTED_VERSION for an unknown
 *   version, suite or purpose byte; INVALID_INPUT for malformed arguments or a wrong length.
 */
export async function openKeyShare(input: {
  binding: ShareBinding;
  share: Uint8Array;
  recipientSecretKey: Uint8Array;
  senderSigningPublicKey: Uint8Array;
}): Promise<Uint8Array> {
  const { header, ids } = bindingFields(input.binding);
  ensureBytes(input.recipientSecretKey, KEY_PAIR_PART_LENGTH, 'recipient secret key');
  ensureSigningPublicKey(input.senderSigningPublicKey, 'sender signing public key');
  const share = input.share;
  ensureBytes(share, undefined, 'share');
  ensure(share.length >= HEADER_LENGTH, 'share too short');
  if (share[0] !== SHARE_VERSION) throw new CryptoError('UNSUPPORTED_VERSION', `share version ${share[0]}`);
  if (share[1] !== SHARE_SUITE_X25519_AES256GCM_ED25519) throw new CryptoError('UNSUPPORTED_VERSION', `share suite ${share[1]}`);
  const declared = PURPOSE_BY_ID.get(share[2]!);
  if (declared === undefined) throw new CryptoError('UNSUPPORTED_VERSION', `share purpose ${share[2]}`);
  ensure(share.length === SHARE_LENGTH, `share must be ${SHARE_LENGTH} bytes, got ${share.length}`);
  // Refuse a share of another purpose before any key touches it (see envelope.ts, same guard).
  if (declared !== input.binding.purpose) throw new CryptoError('DECRYPT_FAILED', `share is for ${declared}`);
  let offset = HEADER_LENGTH;
  const enc = share.subarray(offset, (offset += ENC_LENGTH));
  const sealed = share.subarray(offset, (offset += SEALED_LENGTH));
  const signature = share.subarray(offset);
  // The signature covers the recipient's public key: a share re-targeted to another key fails here.
  const recipientPublicKey = sharingPublicKey(input.recipientSecretKey);
  const message = signedMessage(header, enc, sealed, ids, recipientPublicKey);
  // The signature is checked before any decryption: an unauthenticated share never reaches HPKE.
  if (!verifyStrict(signature, message, input.senderSigningPublicKey)) {
    throw new CryptoError('DECRYPT_FAILED', 'share signature does not verify');
  }
  const hpke = hpkeSuite();
  try {
    const recipientKey = await hpke.kem.importKey('raw', input.recipientSecretKey.slice().buffer, false);
    const key = await hpke.open({ recipientKey, enc: enc.slice().buffer, info: hpkeInfo(header, ids) }, sealed.slice().buffer);
    return new Uint8Array(key);
  } catch {
    throw new CryptoError('DECRYPT_FAILED', 'share failed to open');
  }
}

/**
 * Fingerprints of an account's public keys, for people to compare out of band, and pinning:
 * once a contact's keys are known, any change is an error the client must show, never accept
 * silently. Specified in docs/crypto.md ("Fingerprints and pinning").
 *
 *   digest  = SHA-256(encodeFields(UTF-8(fingerprint domain), X25519 public key, Ed25519 public key))
 *   display = 6 groups of 5 digits; group i = u40be(digest[5i .. 5i+5]) mod 100000, zero-padded
 *
 * The display carries about 100 bits of the digest: finding other keys with the same display is
 * a 2^100 second-preimage search. Pins store the whole digest.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { type AccountPublicKeys } from './account.js';
import { encodeFields, ensureBytes, equalBytes, utf8ToBytes } from './bytes.js';
import { CryptoError, ensure } from './errors.js';
import { DOMAINS } from './labels.js';
import { KEY_PAIR_PART_LENGTH, ensureSharingPublicKey, ensureSigningPublicKey } from './public-keys.js';

export const FINGERPRINT_DIGEST_LENGTH = 32;
const DISPLAY_GROUPS = 6;
const BYTES_PER_GROUP = 5;

/** A fingerprint: the digest to pin, and the digits to show. */
export interface Fingerprint {
  digest: Uint8Array;
  /** e.g. "01234 56789 01234 56789 01234 56789" */
  display: string;
}

function digestOf(keys: AccountPublicKeys): Uint8Array {
  return sha256(encodeFields(utf8ToBytes(DOMAINS.fingerprint), keys.sharing, keys.signing));
}

/**
 * Computes the fingerprint of an account's public keys.
 * @throws CryptoError INVALID_INPUT for malformed or low-order public keys.
 */
export function accountFingerprint(keys: AccountPublicKeys): Fingerprint {
  ensure(typeof keys === 'object' && keys !== null, 'public keys must be an object');
  ensureSharingPublicKey(keys.sharing, 'sharing public key');
  ensureSigningPublicKey(keys.signing, 'signing public key');
  const digest = digestOf(keys);
  const groups: string[] = [];
  for (let group = 0; group < DISPLAY_GROUPS; group++) {
    let value = 0;
    // 40-bit big-endian integer; exact in a double, and 2^40 mod 10^5 leaves a negligible bias.
    for (const byte of digest.subarray(group * BYTES_PER_GROUP, (group + 1) * BYTES_PER_GROUP)) value = value * 256 + byte;
    groups.push(String(value % 100_000).padStart(5, '0'));
  }
  return { digest, display: groups.join(' ') };
}

/**
 * Checks a contact's current public keys against the digest pinned for them (trust on first
 * use: pin `accountFingerprint(keys).digest` the first time, after the person has had the
 * chance to compare the displayed digits). Any difference is KEY_CHANGED, even keys that would
 * not pass validation: what the person must hear about is that the keys are not the pinned ones.
 * @throws CryptoError KEY_CHANGED when the keys differ from the pinned ones; INVALID_INPUT for a
 *   pinned digest that is not 32 bytes or keys that are not 32-byte arrays.
 */
export function ensurePinnedKeys(pinnedDigest: Uint8Array, keys: AccountPublicKeys): void {
  ensureBytes(pinnedDigest, FINGERPRINT_DIGEST_LENGTH, 'pinned fingerprint digest');
  ensure(typeof keys === 'object' && keys !== null, 'public keys must be an object');
  ensureBytes(keys.sharing, KEY_PAIR_PART_LENGTH, 'sharing public key');
  ensureBytes(keys.signing, KEY_PAIR_PART_LENGTH, 'signing public key');
  // A matching digest means these are the keys that were validated when they were pinned.
  if (!equalBytes(digestOf(keys), pinnedDigest)) {
    throw new CryptoError('KEY_CHANGED', "the contact's public keys differ from the pinned ones");
  }
}

// Validation of the public keys that come from other people or from the server. A low-order
// public key is the classic way to make a signature check or a key agreement meaningless: every
// Ed25519 signature "verifies" under a small-order key (both under the cofactored ZIP-215 rule
// and in OpenSSL), and X25519 with a low-order point yields a shared secret an attacker knows.
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { ensureBytes } from './bytes.js';
import { CryptoError } from './errors.js';

/** Length of X25519 and Ed25519 public and secret keys (RFC 7748 §5, RFC 8032 §5.1.5). */
export const KEY_PAIR_PART_LENGTH = 32;

/**
 * Any clamped X25519 scalar is a multiple of the cofactor 8, so multiplying a low-order point by
 * it gives the all-zero output that RFC 7748 §6.1 tells implementations to refuse; noble refuses
 * it by throwing. The scalar is public and fixed: this is a membership test, not a key agreement.
 */
const PROBE_SCALAR = new Uint8Array(32).fill(0x5a);

/**
 * Throws unless `bytes` is a usable X25519 public key (32 bytes, not of low order).
 * @throws CryptoError INVALID_INPUT for a wrong type or length or a low-order point.
 */
export function ensureSharingPublicKey(bytes: unknown, name = 'X25519 public key'): asserts bytes is Uint8Array {
  ensureBytes(bytes, KEY_PAIR_PART_LENGTH, name);
  try {
    x25519.getSharedSecret(PROBE_SCALAR, bytes);
  } catch {
    throw new CryptoError('INVALID_INPUT', `${name} is a low-order point`);
  }
}

/**
 * Throws unless `bytes` is a usable Ed25519 public key: 32 bytes, the canonical encoding of a
 * curve point (RFC 8032 §5.1.3), not of small order.
 * @throws CryptoError INVALID_INPUT otherwise.
 */
export function ensureSigningPublicKey(bytes: unknown, name = 'Ed25519 public key'): asserts bytes is Uint8Array {
  ensureBytes(bytes, KEY_PAIR_PART_LENGTH, name);
  let smallOrder: boolean;
  try {
    smallOrder = ed25519.Point.fromBytes(bytes, false).isSmallOrder();
  } catch {
    throw new CryptoError('INVALID_INPUT', `${name} is not a valid point encoding`);
  }
  if (smallOrder) throw new CryptoError('INVALID_INPUT', `${name} is a small-order point`);
}

/** The X25519 public key of a 32-byte secret key (RFC 7748 §6.1). */
export function sharingPublicKey(secretKey: Uint8Array): Uint8Array {
  ensureBytes(secretKey, KEY_PAIR_PART_LENGTH, 'X25519 secret key');
  return x25519.getPublicKey(secretKey);
}

/** The Ed25519 public key of a 32-byte secret key (seed) (RFC 8032 §5.1.5). */
export function signingPublicKey(secretKey: Uint8Array): Uint8Array {
  ensureBytes(secretKey, KEY_PAIR_PART_LENGTH, 'Ed25519 secret key');
  return ed25519.getPublicKey(secretKey);
}

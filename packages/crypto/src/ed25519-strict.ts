// Ed25519 verification as every Coffre signature check does it: RFC 8032 §5.1.7 with canonical
// encodings of R and A and S < L (so a signature has exactly one valid encoding), the cofactored
// equation, small-order public keys refused; and a boolean answer whatever the input, never an
// exception that could make a caller's error handling differ between "malformed" and "wrong".
import { ed25519 } from '@noble/curves/ed25519.js';

/** True if `signature` is a valid strict Ed25519 signature of `message` under `publicKey`. */
export function verifyStrict(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}

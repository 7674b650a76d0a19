/**
 * Recovery proof: how a client that recovered an account's root key with the recovery key shows
 * the server it did, and which new password it sets. Specified in docs/crypto.md ("Recovery
 * proof").
 *
 *   message   = encodeFields(UTF-8(recovery-proof domain), 0x01 (format), UTF-8(account id),
 *               challenge, UTF-8(new registration record), UTF-8(new root-key-wrap))
 *   signature = Ed25519(account's signing secret key, message)        (RFC 8032 §5.1.6)
 *
 * The server cannot check a root key, but it holds the account's Ed25519 public key, and the
 * signing secret key is only reachable through the root key (identity-ed25519-wrap). The
 * challenge is the server's, random and single-use, so a proof cannot be replayed; the new
 * OPAQUE record and root key wrap are signed too, so a proof authorizes exactly one password
 * reset and cannot be moved onto another.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { encodeFields, ensureBytes, utf8ToBytes } from './bytes.js';
import { verifyStrict } from './ed25519-strict.js';
import { CryptoError, ensure } from './errors.js';
import { DOMAINS } from './labels.js';
import { KEY_PAIR_PART_LENGTH, ensureSigningPublicKey } from './public-keys.js';

export const RECOVERY_PROOF_FORMAT = 0x01;
/** Length of the server's challenge: 256 random bits. */
export const RECOVERY_CHALLENGE_LENGTH = 32;
export const RECOVERY_PROOF_LENGTH = 64;
const MAX_FIELD_LENGTH = 4096;

/** What a recovery proof binds: the account, the server's challenge, and the new credentials. */
export interface RecoveryProofSubject {
  accountId: string;
  /** The server's single-use challenge, 32 bytes. */
  challenge: Uint8Array;
  /** The new OPAQUE registration record, exactly as sent to the server. */
  registrationRecord: string;
  /** The new bundle's `rootKeyWrap` (root key under the new password), exactly as sent. */
  rootKeyWrap: string;
}

function encodeText(value: unknown, name: string): Uint8Array {
  ensure(typeof value === 'string' && value.length > 0, `${name} must be a non-empty string`);
  const bytes = utf8ToBytes(value);
  ensure(bytes.length <= MAX_FIELD_LENGTH, `${name} is longer than ${MAX_FIELD_LENGTH} bytes`);
  return bytes;
}

/**
 * The exact bytes signed (domain-separated, length-prefixed fields).
 * @throws CryptoError INVALID_INPUT for an empty or overlong field or a challenge that is not 32 bytes.
 */
export function recoveryProofMessage(subject: RecoveryProofSubject): Uint8Array {
  ensure(typeof subject === 'object' && subject !== null, 'recovery proof subject must be an object');
  ensureBytes(subject.challenge, RECOVERY_CHALLENGE_LENGTH, 'challenge');
  return encodeFields(
    utf8ToBytes(DOMAINS.recoveryProofSignature),
    new Uint8Array([RECOVERY_PROOF_FORMAT]),
    encodeText(subject.accountId, 'accountId'),
    subject.challenge,
    encodeText(subject.registrationRecord, 'registrationRecord'),
    encodeText(subject.rootKeyWrap, 'rootKeyWrap'),
  );
}

/**
 * Signs a recovery proof with the account's Ed25519 secret key (32-byte seed), which the client
 * opened with the root key it recovered.
 * @throws CryptoError INVALID_INPUT for a malformed subject or key.
 */
export function signRecoveryProof(subject: RecoveryProofSubject, signingSecretKey: Uint8Array): Uint8Array {
  const message = recoveryProofMessage(subject);
  ensureBytes(signingSecretKey, KEY_PAIR_PART_LENGTH, 'signing secret key');
  return ed25519.sign(message, signingSecretKey);
}

/**
 * Verifies a recovery proof under the account's signing public key (strict RFC 8032 §5.1.7, as
 * every Coffre signature). For the server.
 * @throws CryptoError DECRYPT_FAILED if the signature does not verify, whatever the reason;
 *   INVALID_INPUT for a malformed subject, a signature that is not 64 bytes, or a malformed or
 *   small-order public key.
 */
export function verifyRecoveryProof(subject: RecoveryProofSubject, signature: Uint8Array, signingPublicKey: Uint8Array): void {
  const message = recoveryProofMessage(subject);
  ensureBytes(signature, RECOVERY_PROOF_LENGTH, 'signature');
  ensureSigningPublicKey(signingPublicKey, 'signing public key');
  if (!verifyStrict(signature, message, signingPublicKey)) {
    throw new CryptoError('DECRYPT_FAILED', 'recovery proof does not verify');
  }
}

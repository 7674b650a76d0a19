/**
 * Account keys: the root key and the two identity key pairs, and the bundle the server stores
 * for the account, in which every secret is wrapped. Specified in docs/crypto.md ("Account").
 *
 *   export key (OPAQUE) ──HKDF(accountExportWrappingKey)──▶ wrapping key
 *   wrapping key ──envelope root-key-wrap──▶ root key (random, 256 bits)
 *   root key ──envelope identity-x25519-wrap──▶ X25519 secret key (sharing)
 *   root key ──envelope identity-ed25519-wrap──▶ Ed25519 secret key (signing)
 *
 * Logging in never touches these keys on the server: OPAQUE (RFC 9807) gives the client an
 * export key the server never learns, and only the client turns it into the wrapping key.
 */
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { fromBase64url, toBase64url } from './base64url.js';
import { ensureBytes, equalBytes, randomBytes, utf8ToBytes } from './bytes.js';
import { type EnvelopeBinding, openEnvelope, sealEnvelope } from './envelope.js';
import { CryptoError, ensure } from './errors.js';
import { LABELS } from './labels.js';
import {
  KEY_PAIR_PART_LENGTH,
  ensureSharingPublicKey,
  ensureSigningPublicKey,
  sharingPublicKey,
  signingPublicKey,
} from './public-keys.js';

export const ROOT_KEY_LENGTH = 32;
export const ACCOUNT_BUNDLE_VERSION = 1;
/** Shortest export key accepted (OPAQUE with SHA-512 gives 64 bytes, RFC 9807 §4.1.2). */
export const MIN_EXPORT_KEY_LENGTH = 32;
/**
 * Version counter bound into the identity-key envelopes. Identity keys are written once per
 * account; rotating them would mean a new bundle format, so this is a constant of version 1.
 */
const IDENTITY_WRAP_VERSION = 1;

/** A key pair: 32-byte secret and 32-byte public key. */
export interface KeyPair {
  secretKey: Uint8Array;
  publicKey: Uint8Array;
}

/** Every secret of an account, in the clear: lives only in the client's memory. */
export interface AccountKeys {
  /** Random 256-bit root key: wraps the root folder's key and the identity secret keys. */
  rootKey: Uint8Array;
  /** X25519 (RFC 7748): other accounts seal node keys to its public half (HPKE, RFC 9180). */
  sharing: KeyPair;
  /** Ed25519 (RFC 8032): signs node records and key shares. */
  signing: KeyPair;
}

/** The public half of an account: what other accounts fetch, and what fingerprints cover. */
export interface AccountPublicKeys {
  sharing: Uint8Array;
  signing: Uint8Array;
}

/**
 * What the server stores for an account: every secret wrapped, public keys in the clear.
 * Plain JSON (base64url strings), so it can be stored and sent as is.
 */
export interface AccountKeyBundle {
  version: 1;
  /** Bumped each time the root key is rewrapped (password change, recovery); bound into its envelope. */
  generation: number;
  /** Envelope root-key-wrap under the wrapping key derived from the OPAQUE export key. */
  rootKeyWrap: string;
  sharingPublicKey: string;
  /** Envelope identity-x25519-wrap under the root key. */
  sharingSecretKeyWrap: string;
  signingPublicKey: string;
  /** Envelope identity-ed25519-wrap under the root key. */
  signingSecretKeyWrap: string;
}

/**
 * Generates the keys of a new account from the platform's CSPRNG.
 * @throws never, short of a missing crypto.getRandomValues.
 */
export function createAccountKeys(): AccountKeys {
  const sharingSecret = randomBytes(KEY_PAIR_PART_LENGTH);
  const signingSecret = randomBytes(KEY_PAIR_PART_LENGTH);
  return {
    rootKey: randomBytes(ROOT_KEY_LENGTH),
    sharing: { secretKey: sharingSecret, publicKey: sharingPublicKey(sharingSecret) },
    signing: { secretKey: signingSecret, publicKey: signingPublicKey(signingSecret) },
  };
}

/**
 * The key that wraps the root key, derived from OPAQUE's export key with its own HKDF label
 * (RFC 5869; RFC 9807 §10.4: the export key is for the application, never used directly).
 * @throws CryptoError INVALID_INPUT for an export key shorter than 32 bytes.
 */
export function deriveExportWrappingKey(exportKey: Uint8Array): Uint8Array {
  ensureBytes(exportKey, undefined, 'export key');
  ensure(exportKey.length >= MIN_EXPORT_KEY_LENGTH, `export key must be at least ${MIN_EXPORT_KEY_LENGTH} bytes`);
  return hkdf(sha256, exportKey, undefined, utf8ToBytes(LABELS.accountExportWrappingKey), ROOT_KEY_LENGTH);
}

function accountBinding(accountId: string, version: number): EnvelopeBinding {
  return { ownerId: accountId, version };
}

/**
 * Wraps every secret of `keys` into the bundle the server stores. `exportKey` is OPAQUE's
 * export key from the registration (or login) that sets the account's password.
 * @throws CryptoError INVALID_INPUT for malformed keys, account id or export key.
 */
export function sealAccountKeyBundle(keys: AccountKeys, options: { accountId: string; exportKey: Uint8Array }): AccountKeyBundle {
  ensureAccountKeys(keys);
  const identityBinding = accountBinding(options.accountId, IDENTITY_WRAP_VERSION);
  const rootWrap = wrapRootKey(keys.rootKey, options.accountId, options.exportKey, 1);
  return {
    version: ACCOUNT_BUNDLE_VERSION,
    generation: 1,
    rootKeyWrap: rootWrap,
    sharingPublicKey: toBase64url(keys.sharing.publicKey),
    sharingSecretKeyWrap: toBase64url(sealEnvelope(keys.rootKey, 'identity-x25519-wrap', identityBinding, keys.sharing.secretKey)),
    signingPublicKey: toBase64url(keys.signing.publicKey),
    signingSecretKeyWrap: toBase64url(sealEnvelope(keys.rootKey, 'identity-ed25519-wrap', identityBinding, keys.signing.secretKey)),
  };
}

/**
 * Rewraps the root key under a new export key (after a password change, or after recovery with
 * a new password) and bumps the generation. The identity wraps are unchanged.
 * @throws CryptoError INVALID_INPUT for a malformed bundle or arguments; DECRYPT_FAILED if
 *   `rootKey` is not the key this bundle's identity keys are wrapped under.
 */
export function rewrapRootKey(
  bundle: AccountKeyBundle,
  options: { accountId: string; rootKey: Uint8Array; exportKey: Uint8Array },
): AccountKeyBundle {
  const parsed = parseAccountKeyBundle(bundle);
  // Opening the identity keys proves `rootKey` belongs to this bundle before it is rewrapped.
  openAccountKeyBundleWithRootKey(parsed, options);
  const generation = parsed.generation + 1;
  ensure(Number.isSafeInteger(generation), 'generation overflow');
  return { ...parsed, generation, rootKeyWrap: wrapRootKey(options.rootKey, options.accountId, options.exportKey, generation) };
}

function wrapRootKey(rootKey: Uint8Array, accountId: string, exportKey: Uint8Array, generation: number): string {
  const wrappingKey = deriveExportWrappingKey(exportKey);
  return toBase64url(sealEnvelope(wrappingKey, 'root-key-wrap', accountBinding(accountId, generation), rootKey));
}

/**
 * Unwraps every secret of a bundle with OPAQUE's export key from a successful login.
 * @throws CryptoError DECRYPT_FAILED for a wrong export key or account id, or any tampering
 *   (including swapped wraps or a public key that does not match its secret key);
 *   INVALID_INPUT for a malformed bundle; UNSUPPORTED_VERSION for an unknown bundle version.
 */
export function openAccountKeyBundle(bundle: unknown, options: { accountId: string; exportKey: Uint8Array }): AccountKeys {
  const parsed = parseAccountKeyBundle(bundle);
  const wrappingKey = deriveExportWrappingKey(options.exportKey);
  const rootKey = openEnvelope(
    wrappingKey,
    'root-key-wrap',
    accountBinding(options.accountId, parsed.generation),
    fromBase64url(parsed.rootKeyWrap, 'rootKeyWrap'),
  );
  ensureRootKeyLength(rootKey);
  return openIdentityKeys(parsed, options.accountId, rootKey);
}

/**
 * Unwraps the identity keys of a bundle with a root key obtained otherwise (recovery).
 * @throws CryptoError as {@link openAccountKeyBundle}.
 */
export function openAccountKeyBundleWithRootKey(bundle: unknown, options: { accountId: string; rootKey: Uint8Array }): AccountKeys {
  const parsed = parseAccountKeyBundle(bundle);
  ensureBytes(options.rootKey, ROOT_KEY_LENGTH, 'root key');
  return openIdentityKeys(parsed, options.accountId, options.rootKey);
}

function openIdentityKeys(bundle: AccountKeyBundle, accountId: string, rootKey: Uint8Array): AccountKeys {
  const binding = accountBinding(accountId, IDENTITY_WRAP_VERSION);
  const sharing = openKeyPair(rootKey, 'identity-x25519-wrap', binding, bundle.sharingSecretKeyWrap, bundle.sharingPublicKey, sharingPublicKey);
  const signing = openKeyPair(rootKey, 'identity-ed25519-wrap', binding, bundle.signingSecretKeyWrap, bundle.signingPublicKey, signingPublicKey);
  return { rootKey: rootKey.slice(), sharing, signing };
}

function openKeyPair(
  rootKey: Uint8Array,
  purpose: 'identity-x25519-wrap' | 'identity-ed25519-wrap',
  binding: EnvelopeBinding,
  wrap: string,
  publicKeyText: string,
  derivePublicKey: (secretKey: Uint8Array) => Uint8Array,
): KeyPair {
  const secretKey = openEnvelope(rootKey, purpose, binding, fromBase64url(wrap, purpose));
  if (secretKey.length !== KEY_PAIR_PART_LENGTH) throw new CryptoError('DECRYPT_FAILED', `${purpose} holds ${secretKey.length} bytes`);
  const publicKey = fromBase64url(publicKeyText, 'public key');
  // The public keys are stored in the clear, next to the wraps: a server could pair a genuine
  // secret key with a public key of its own. Recomputing the public half closes that gap.
  if (!equalBytes(derivePublicKey(secretKey), publicKey)) {
    throw new CryptoError('DECRYPT_FAILED', `${purpose}: public key does not match the wrapped secret key`);
  }
  return { secretKey, publicKey };
}

function ensureRootKeyLength(rootKey: Uint8Array): void {
  if (rootKey.length !== ROOT_KEY_LENGTH) throw new CryptoError('DECRYPT_FAILED', 'root key has the wrong length');
}

function ensureAccountKeys(keys: AccountKeys): void {
  ensure(typeof keys === 'object' && keys !== null, 'account keys must be an object');
  ensureBytes(keys.rootKey, ROOT_KEY_LENGTH, 'root key');
  ensure(typeof keys.sharing === 'object' && keys.sharing !== null, 'sharing key pair missing');
  ensure(typeof keys.signing === 'object' && keys.signing !== null, 'signing key pair missing');
  ensure(equalBytes(sharingPublicKey(keys.sharing.secretKey), keys.sharing.publicKey), 'sharing key pair does not match');
  ensure(equalBytes(signingPublicKey(keys.signing.secretKey), keys.signing.publicKey), 'signing key pair does not match');
}

const BUNDLE_FIELDS = [
  'version',
  'generation',
  'rootKeyWrap',
  'sharingPublicKey',
  'sharingSecretKeyWrap',
  'signingPublicKey',
  'signingSecretKeyWrap',
] as const;

/**
 * Checks the shape of a bundle received from the server (no key involved) and returns it typed.
 * Public keys are validated (length, not of low order); wraps must be canonical base64url.
 * @throws CryptoError INVALID_INPUT for a malformed bundle; UNSUPPORTED_VERSION for an unknown version.
 */
export function parseAccountKeyBundle(value: unknown): AccountKeyBundle {
  ensure(typeof value === 'object' && value !== null && !Array.isArray(value), 'account key bundle must be an object');
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    ensure((BUNDLE_FIELDS as readonly string[]).includes(key), `unexpected account key bundle field ${key}`);
  }
  if (record.version !== ACCOUNT_BUNDLE_VERSION) {
    throw new CryptoError('UNSUPPORTED_VERSION', `account key bundle version ${String(record.version)}`);
  }
  const generation = record.generation;
  ensure(typeof generation === 'number' && Number.isSafeInteger(generation) && generation >= 1, 'generation must be a positive safe integer');
  for (const field of BUNDLE_FIELDS.slice(2)) {
    ensure(typeof record[field] === 'string', `${field} must be a string`);
    fromBase64url(record[field], field);
  }
  ensureSharingPublicKey(fromBase64url(record.sharingPublicKey as string), 'sharingPublicKey');
  ensureSigningPublicKey(fromBase64url(record.signingPublicKey as string), 'signingPublicKey');
  return {
    version: ACCOUNT_BUNDLE_VERSION,
    generation,
    rootKeyWrap: record.rootKeyWrap as string,
    sharingPublicKey: record.sharingPublicKey as string,
    sharingSecretKeyWrap: record.sharingSecretKeyWrap as string,
    signingPublicKey: record.signingPublicKey as string,
    signingSecretKeyWrap: record.signingSecretKeyWrap as string,
  };
}

/**
 * The public keys of a bundle, validated: what another account needs to share with, and to
 * verify signatures of, this one.
 * @throws CryptoError INVALID_INPUT / UNSUPPORTED_VERSION as {@link parseAccountKeyBundle}.
 */
export function accountPublicKeys(bundle: unknown): AccountPublicKeys {
  const parsed = parseAccountKeyBundle(bundle);
  return { sharing: fromBase64url(parsed.sharingPublicKey), signing: fromBase64url(parsed.signingPublicKey) };
}

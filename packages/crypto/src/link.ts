/**
 * Share links: `https://<host>/s/<link id>#<link secret>`. The secret lives in the URL fragment,
 * which browsers never send to a server; everything the server holds about a link is derived
 * from it one way. Specified in docs/crypto.md ("Links").
 *
 *   secret                = 32 random bytes (base64url in the fragment)
 *   wrapping key          = HKDF(IKM = secret, salt = empty, info = link/wrapping-key, L = 32)
 *   password wrapping key = HKDF(IKM = link password key, salt = secret, info = link/password-wrapping-key, L = 32)
 *   access token          = HKDF(IKM = secret, salt = link password key or empty, info = link/access-token, L = 32)
 *   access hash           = SHA-256(access token)                               (stored by the server)
 *   keyWrap               = link-key-wrap(wrapping key, node key)                      (no password)
 *                         = link-password-wrap(password wrapping key, that envelope)   (password)
 *
 * Why each piece is there:
 * - One HKDF label per output (RFC 5869 §3.2): the access token, which the server sees when a
 *   link is opened, is an independent PRF output and says nothing about the wrapping keys.
 * - The access token depends on the password too, so the URL alone cannot spend a download or
 *   fetch the wrapped key: without the password, guesses go through the server, one request each.
 * - The password wrapping key mixes in the secret: the server holds the wrap and the Argon2id
 *   parameters, and with a key derived from the password alone it could test guesses offline.
 */
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { fromBase64url, toBase64url } from './base64url.js';
import { ensureBytes, randomBytes, utf8ToBytes } from './bytes.js';
import { openEnvelope, sealEnvelope } from './envelope.js';
import { CryptoError, ensure } from './errors.js';
import { LABELS } from './labels.js';

/** Bytes of a link secret (the URL fragment). */
export const LINK_SECRET_LENGTH = 32;
/** Bytes of a link id (22 base64url characters). */
export const LINK_ID_LENGTH = 16;
/** Bytes of an access token and of each derived key. */
export const LINK_KEY_LENGTH = 32;
/** The version counter bound into a link's envelopes: a link's wrap never changes. */
export const LINK_WRAP_VERSION = 1;

const LINK_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;
const LINK_SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A fresh random link secret (32 bytes). */
export function createLinkSecret(): Uint8Array {
  return randomBytes(LINK_SECRET_LENGTH);
}

/** A fresh random link id: 16 bytes as 22 base64url characters. */
export function createLinkId(): string {
  return toBase64url(randomBytes(LINK_ID_LENGTH));
}

/** The keys and token of one link, derived from its secret (and password key). */
export interface LinkKeys {
  /** Parent key of the link-key-wrap envelope. */
  readonly wrappingKey: Uint8Array;
  /** Parent key of the link-password-wrap envelope; undefined for a link without a password. */
  readonly passwordWrappingKey: Uint8Array | undefined;
  /** Sent to the server to open the link; the server keeps only its SHA-256. */
  readonly accessToken: Uint8Array;
}

/**
 * Derives a link's wrapping keys and access token from its secret and, when the link has a
 * password, the key `deriveLinkPasswordKey` gives for it.
 * @throws CryptoError INVALID_INPUT for a secret or password key that is not 32 bytes.
 */
export function deriveLinkKeys(secret: Uint8Array, passwordKey?: Uint8Array): LinkKeys {
  ensureBytes(secret, LINK_SECRET_LENGTH, 'link secret');
  if (passwordKey !== undefined) ensureBytes(passwordKey, LINK_KEY_LENGTH, 'link password key');
  const derive = (ikm: Uint8Array, salt: Uint8Array | undefined, label: string) => hkdf(sha256, ikm, salt, utf8ToBytes(label), LINK_KEY_LENGTH);
  return {
    wrappingKey: derive(secret, undefined, LABELS.linkWrappingKey),
    passwordWrappingKey: passwordKey === undefined ? undefined : derive(passwordKey, secret, LABELS.linkPasswordWrappingKey),
    accessToken: derive(secret, passwordKey, LABELS.linkAccessToken),
  };
}

/**
 * SHA-256 of an access token: what the server stores and compares.
 * @throws CryptoError INVALID_INPUT for a token that is not 32 bytes.
 */
export function linkAccessHash(accessToken: Uint8Array): Uint8Array {
  ensureBytes(accessToken, LINK_KEY_LENGTH, 'access token');
  return sha256(accessToken);
}

/** Where a link's wrap belongs: bound into its envelopes. */
export interface LinkBinding {
  /** The account that owns the linked node. */
  ownerId: string;
  nodeId: string;
  linkId: string;
}

function envelopeBinding(binding: LinkBinding) {
  ensure(typeof binding === 'object' && binding !== null, 'link binding must be an object');
  return { ownerId: binding.ownerId, nodeId: binding.nodeId, linkId: binding.linkId, version: LINK_WRAP_VERSION };
}

/**
 * Wraps a node key for a link: `link-key-wrap` under the wrapping key, and, when the keys carry
 * a password wrapping key, that envelope again as `link-password-wrap`.
 * @throws CryptoError INVALID_INPUT for a node key that is not 32 bytes or a bad binding.
 */
export function sealLinkKey(input: { nodeKey: Uint8Array; keys: LinkKeys; binding: LinkBinding }): Uint8Array {
  ensureBytes(input.nodeKey, 32, 'node key');
  const binding = envelopeBinding(input.binding);
  const inner = sealEnvelope(input.keys.wrappingKey, 'link-key-wrap', binding, input.nodeKey);
  const { passwordWrappingKey } = input.keys;
  return passwordWrappingKey === undefined ? inner : sealEnvelope(passwordWrappingKey, 'link-password-wrap', binding, inner);
}

/**
 * Opens a link's wrap with keys derived from its secret (and password). Keys with a password
 * expect a `link-password-wrap`, keys without one a `link-key-wrap`: the server, which says
 * whether a link has a password, cannot make the client skip the password layer.
 * @throws CryptoError DECRYPT_FAILED for a wrong secret or password, a wrap of another link,
 *   node or owner, or a wrap whose layers do not match the keys; INVALID_INPUT for malformed input.
 */
export function openLinkKey(input: { keyWrap: Uint8Array; keys: LinkKeys; binding: LinkBinding }): Uint8Array {
  const binding = envelopeBinding(input.binding);
  const { passwordWrappingKey } = input.keys;
  const inner = passwordWrappingKey === undefined ? input.keyWrap : openEnvelope(passwordWrappingKey, 'link-password-wrap', binding, input.keyWrap);
  const nodeKey = openEnvelope(input.keys.wrappingKey, 'link-key-wrap', binding, inner);
  if (nodeKey.length !== 32) throw new CryptoError('DECRYPT_FAILED', 'link wrap does not hold a 32-byte key');
  return nodeKey;
}

/** The parts of a link URL. */
export interface ParsedLink {
  /** Everything before `/s/<id>`, e.g. `https://coffre.example` (no trailing slash). */
  base: string;
  linkId: string;
  secret: Uint8Array;
}

/**
 * Builds `<base>/s/<link id>#<secret>`. `base` is the web origin people open links on, with an
 * optional path prefix (`https://coffre.example`, `https://example.org/coffre`).
 * @throws CryptoError INVALID_INPUT for a base that is not an http(s) URL without query,
 *   fragment or credentials, a malformed link id or a secret that is not 32 bytes.
 */
export function formatLinkUrl(base: string, linkId: string, secret: Uint8Array): string {
  const origin = normalizeBase(base);
  ensureLinkId(linkId);
  ensureBytes(secret, LINK_SECRET_LENGTH, 'link secret');
  return `${origin}/s/${linkId}#${toBase64url(secret)}`;
}

/**
 * Reads a link URL. Refuses, with a message that says what is wrong, anything but
 * `http(s)://host[/prefix]/s/<22-character id>#<43-character secret>`.
 * @throws CryptoError INVALID_INPUT for a malformed link.
 */
export function parseLinkUrl(url: string): ParsedLink {
  ensure(typeof url === 'string', 'link must be a string');
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw new CryptoError('INVALID_INPUT', 'link is not a URL');
  }
  ensure(parsed.protocol === 'https:' || parsed.protocol === 'http:', 'link must start with https://');
  ensure(parsed.username === '' && parsed.password === '', 'link must not carry credentials');
  ensure(parsed.search === '', 'link must not have a query string');
  const match = /^(.*)\/s\/([^/]+)$/.exec(parsed.pathname);
  ensure(match !== null, 'link path must end with /s/<link id>');
  const linkId = match[2]!;
  ensureLinkId(linkId);
  ensure(parsed.hash.length > 1, 'link has no key after "#" (it may have been cut off when copied)');
  const fragment = parsed.hash.slice(1);
  ensure(LINK_SECRET_PATTERN.test(fragment), 'link key after "#" must be 43 base64url characters (it may have been cut off when copied)');
  const secret = fromBase64url(fragment, 'link key');
  return { base: `${parsed.origin}${match[1]!}`, linkId, secret };
}

function ensureLinkId(linkId: string): void {
  ensure(typeof linkId === 'string' && LINK_ID_PATTERN.test(linkId), 'link id must be 22 base64url characters');
  fromBase64url(linkId, 'link id'); // canonical: the last character carries no stray bits
}

function normalizeBase(base: string): string {
  ensure(typeof base === 'string', 'link base must be a string');
  let parsed: URL;
  try {
    parsed = new URL(base);
  } catch {
    throw new CryptoError('INVALID_INPUT', 'link base is not a URL');
  }
  ensure(parsed.protocol === 'https:' || parsed.protocol === 'http:', 'link base must be an http(s) URL');
  ensure(parsed.username === '' && parsed.password === '' && parsed.search === '' && parsed.hash === '', 'link base must be an origin with an optional path');
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
}

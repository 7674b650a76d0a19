/**
 * Recovery key: a random secret shown once, printable, that restores the root key without the
 * password. Specified in docs/crypto.md ("Recovery key").
 *
 *   secret       = 20 random bytes (160 bits)
 *   printed      = 8 groups "DDDDC": 4 data characters (base32, Crockford alphabet) and one check
 *                  character per group, joined by hyphens, e.g. 7K3M9-QW2XE-...
 *   wrapping key = HKDF-SHA-256(IKM = secret, salt = UTF-8(account id), info = recovery label, L = 32)
 *   recovery wrap = envelope recovery-wrap(wrapping key, owner = account id, version 1, root key)
 *
 * The secret has full entropy, so it needs no password stretching: 160 bits are out of reach of
 * exhaustive search even for a server that holds the recovery wrap.
 *
 * The check character of group i (0-based) is, over GF(32) = GF(2)[x]/(x^5 + x^2 + 1),
 *   c = i ⊕ 2·d0 ⊕ 4·d1 ⊕ 8·d2 ⊕ 16·d3
 * which detects, with certainty: any single wrong character; any swap of two adjacent characters
 * within a group (including with the check character); any group moved to another position.
 * Detection happens while parsing, before any key is derived or anything decrypted.
 */
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { ensureBytes, randomBytes, utf8ToBytes } from './bytes.js';
import { openEnvelope, sealEnvelope } from './envelope.js';
import { CryptoError, ensure } from './errors.js';
import { LABELS } from './labels.js';

export const RECOVERY_SECRET_LENGTH = 20;
const ROOT_KEY_LENGTH = 32;
const GROUPS = 8;
const DATA_PER_GROUP = 4;
const WEIGHTS = [2, 4, 8, 16] as const;
/** Version counter bound into the recovery wrap; a new recovery key replaces the wrap. */
const RECOVERY_WRAP_VERSION = 1;

/** Crockford's base32 alphabet: no I, L, O or U, so fewer characters are confused. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Characters people write for others, mapped as Crockford's base32 specifies. */
const ALIASES: Record<string, string> = { O: '0', I: '1', L: '1' };

/** Multiplication in GF(32) modulo x^5 + x^2 + 1. */
function gfMultiply(a: number, b: number): number {
  let product = 0;
  for (let bit = 0; bit < 5; bit++) {
    if ((b >> bit) & 1) product ^= a;
    a <<= 1;
    if (a & 0x20) a ^= 0x25;
  }
  return product;
}

function checkSymbol(groupIndex: number, data: readonly number[]): number {
  return data.reduce((sum, symbol, k) => sum ^ gfMultiply(WEIGHTS[k]!, symbol), groupIndex);
}

/** The 32 five-bit symbols of a 20-byte secret, most significant bits first. */
function toSymbols(secret: Uint8Array): number[] {
  const symbols: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const byte of secret) {
    buffer = ((buffer << 8) | byte) & 0xfff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      symbols.push((buffer >> bits) & 31);
    }
  }
  return symbols;
}

function fromSymbols(symbols: readonly number[]): Uint8Array {
  const out = new Uint8Array(RECOVERY_SECRET_LENGTH);
  let buffer = 0;
  let bits = 0;
  let written = 0;
  for (const symbol of symbols) {
    buffer = ((buffer << 5) | symbol) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[written++] = (buffer >> bits) & 0xff;
    }
  }
  return out;
}

/**
 * Formats a recovery secret for printing: 8 hyphen-separated groups of 5 characters.
 * @throws CryptoError INVALID_INPUT unless `secret` is 20 bytes.
 */
export function formatRecoveryKey(secret: Uint8Array): string {
  ensureBytes(secret, RECOVERY_SECRET_LENGTH, 'recovery secret');
  const symbols = toSymbols(secret);
  const groups: string[] = [];
  for (let group = 0; group < GROUPS; group++) {
    const data = symbols.slice(group * DATA_PER_GROUP, (group + 1) * DATA_PER_GROUP);
    groups.push([...data, checkSymbol(group, data)].map((symbol) => ALPHABET[symbol]).join(''));
  }
  return groups.join('-');
}

/**
 * Parses a recovery key as typed by a person: case, spaces and hyphens do not matter, and O, I
 * and L read as 0, 1 and 1. Every group's check character is verified.
 * @throws CryptoError INVALID_INPUT for a wrong length, a character outside the alphabet, or a
 *   group whose check fails (the detail names the group, for the person to look at again).
 */
export function parseRecoveryKey(text: string): Uint8Array {
  ensure(typeof text === 'string', 'recovery key must be a string');
  const compact = [...text.toUpperCase().replace(/[\s-]/g, '')].map((char) => ALIASES[char] ?? char);
  const length = GROUPS * (DATA_PER_GROUP + 1);
  ensure(compact.length === length, `recovery key must have ${length} characters, got ${compact.length}`);
  const symbols = compact.map((char) => {
    const symbol = ALPHABET.indexOf(char);
    ensure(symbol >= 0, `recovery key contains "${char}", which is not in the alphabet`);
    return symbol;
  });
  const data: number[] = [];
  for (let group = 0; group < GROUPS; group++) {
    const start = group * (DATA_PER_GROUP + 1);
    const groupData = symbols.slice(start, start + DATA_PER_GROUP);
    ensure(checkSymbol(group, groupData) === symbols[start + DATA_PER_GROUP], `recovery key group ${group + 1} has a typo`);
    data.push(...groupData);
  }
  return fromSymbols(data);
}

/**
 * A fresh recovery key: the secret (keep only long enough to wrap the root key) and its printable form.
 */
export function generateRecoveryKey(): { secret: Uint8Array; text: string } {
  const secret = randomBytes(RECOVERY_SECRET_LENGTH);
  return { secret, text: formatRecoveryKey(secret) };
}

function deriveRecoveryWrappingKey(secret: Uint8Array, accountId: string): Uint8Array {
  ensureBytes(secret, RECOVERY_SECRET_LENGTH, 'recovery secret');
  ensure(typeof accountId === 'string' && accountId.length > 0, 'accountId must be a non-empty string');
  // The account id as salt keeps one guess from being tried against every account at once.
  return hkdf(sha256, secret, utf8ToBytes(accountId), utf8ToBytes(LABELS.recoveryWrappingKey), ROOT_KEY_LENGTH);
}

/**
 * Wraps the root key under a recovery secret, for the server (and the replicas) to store.
 * @throws CryptoError INVALID_INPUT for a root key that is not 32 bytes, a secret that is not
 *   20 bytes or an empty account id.
 */
export function sealRecoveryWrap(rootKey: Uint8Array, secret: Uint8Array, accountId: string): Uint8Array {
  ensureBytes(rootKey, ROOT_KEY_LENGTH, 'root key');
  const wrappingKey = deriveRecoveryWrappingKey(secret, accountId);
  return sealEnvelope(wrappingKey, 'recovery-wrap', { ownerId: accountId, version: RECOVERY_WRAP_VERSION }, rootKey);
}

/**
 * Recovers the root key from a recovery wrap and the recovery key as the person typed it.
 * The key is parsed first: a typo fails with INVALID_INPUT and nothing is decrypted.
 * @throws CryptoError INVALID_INPUT for a mistyped recovery key; DECRYPT_FAILED for a wrong
 *   (well-formed) recovery key, a wrong account id or a modified wrap; UNSUPPORTED_VERSION for
 *   an envelope of an unknown format.
 */
export function openRecoveryWrap(wrap: Uint8Array, recoveryKey: string, accountId: string): Uint8Array {
  const secret = parseRecoveryKey(recoveryKey);
  const wrappingKey = deriveRecoveryWrappingKey(secret, accountId);
  const rootKey = openEnvelope(wrappingKey, 'recovery-wrap', { ownerId: accountId, version: RECOVERY_WRAP_VERSION }, wrap);
  if (rootKey.length !== ROOT_KEY_LENGTH) throw new CryptoError('DECRYPT_FAILED', 'recovery wrap holds a key of the wrong length');
  return rootKey;
}

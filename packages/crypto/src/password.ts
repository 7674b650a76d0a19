/**
 * Password stretching with Argon2id (RFC 9106) for link passwords, with the parameters stored
 * next to each result so they can be raised for new objects without breaking old ones.
 * Specified in docs/crypto.md ("Link passwords").
 *
 *   params record = version 0x01 ‖ algorithm 0x01 (Argon2id v1.3) ‖ m KiB (u32be) ‖ t (u32be)
 *                   ‖ p (u32be) ‖ salt (16)                                     = 30 bytes
 *   stretched     = Argon2id(password = UTF-8(NFC(password)), salt, m, t, p, T = 32)
 *   link key      = HKDF-SHA-256(IKM = stretched, salt = empty, info = link-password label, L = 32)
 *
 * Parameters below the floor are refused when creating and when reading a record, so a weak
 * record is never silently accepted; parameters above the ceiling are refused too, because a
 * record comes from the server and must not be able to make a client run for hours.
 */
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { argon2id } from 'hash-wasm';
import { concatBytes, ensureBytes, randomBytes, u32be, utf8ToBytes } from './bytes.js';
import { CryptoError, ensure } from './errors.js';
import { LABELS } from './labels.js';

export const PASSWORD_PARAMS_VERSION = 0x01;
/** Argon2id, version 0x13 (RFC 9106 §3.1). */
export const PASSWORD_ALGORITHM_ARGON2ID = 0x01;
export const PASSWORD_SALT_LENGTH = 16;
export const PASSWORD_PARAMS_LENGTH = 30;
const KEY_LENGTH = 32;
const MAX_PASSWORD_LENGTH = 4096;

/** Argon2id cost parameters. */
export interface PasswordCost {
  /** Memory in KiB (Argon2 "m"). */
  memoryKiB: number;
  /** Passes over memory (Argon2 "t"). */
  iterations: number;
  /** Lanes (Argon2 "p"). */
  parallelism: number;
}

/** A versioned parameter record: everything needed, besides the password, to derive the key again. */
export interface PasswordParams extends PasswordCost {
  version: 1;
  salt: Uint8Array;
}

/** Defaults for new records: m = 64 MiB, t = 3, p = 1 (RFC 9106 §4, second recommended option, one lane). */
export const DEFAULT_PASSWORD_COST: Readonly<PasswordCost> = Object.freeze({ memoryKiB: 64 * 1024, iterations: 3, parallelism: 1 });
/** The floor: m = 19 MiB, t = 2, p = 1, the widely used minimum for Argon2id. Lower is refused. */
export const MIN_PASSWORD_COST: Readonly<PasswordCost> = Object.freeze({ memoryKiB: 19 * 1024, iterations: 2, parallelism: 1 });
/** The ceiling: m = 1 GiB, t = 10, p = 16. Higher is refused (see the file comment). */
export const MAX_PASSWORD_COST: Readonly<PasswordCost> = Object.freeze({ memoryKiB: 1024 * 1024, iterations: 10, parallelism: 16 });

function ensureCost(cost: PasswordCost): void {
  ensure(typeof cost === 'object' && cost !== null, 'password cost must be an object');
  for (const field of ['memoryKiB', 'iterations', 'parallelism'] as const) {
    const value = cost[field];
    ensure(Number.isSafeInteger(value), `${field} must be an integer`);
    ensure(value >= MIN_PASSWORD_COST[field], `${field} ${value} is below the floor ${MIN_PASSWORD_COST[field]}`);
    ensure(value <= MAX_PASSWORD_COST[field], `${field} ${value} is above the ceiling ${MAX_PASSWORD_COST[field]}`);
  }
  // RFC 9106 §3.1: m must be at least 8p KiB (always true above the floor, kept as the rule).
  ensure(cost.memoryKiB >= 8 * cost.parallelism, 'memoryKiB must be at least 8 × parallelism');
}

/**
 * Parameters for a new password-protected object: the given cost (default m=64 MiB, t=3, p=1)
 * and a fresh random 16-byte salt.
 * @throws CryptoError INVALID_INPUT for a cost outside [floor, ceiling].
 */
export function createPasswordParams(cost: PasswordCost = DEFAULT_PASSWORD_COST): PasswordParams {
  ensureCost(cost);
  return {
    version: 1,
    memoryKiB: cost.memoryKiB,
    iterations: cost.iterations,
    parallelism: cost.parallelism,
    salt: randomBytes(PASSWORD_SALT_LENGTH),
  };
}

function ensureParams(params: PasswordParams): void {
  ensure(typeof params === 'object' && params !== null, 'password params must be an object');
  if (params.version !== 1) throw new CryptoError('UNSUPPORTED_VERSION', `password params version ${String(params.version)}`);
  ensureCost(params);
  ensureBytes(params.salt, PASSWORD_SALT_LENGTH, 'salt');
}

/**
 * Serialises a parameter record (30 bytes, layout in the file comment).
 * @throws CryptoError INVALID_INPUT for parameters outside [floor, ceiling] or a bad salt.
 */
export function encodePasswordParams(params: PasswordParams): Uint8Array {
  ensureParams(params);
  return concatBytes(
    new Uint8Array([PASSWORD_PARAMS_VERSION, PASSWORD_ALGORITHM_ARGON2ID]),
    u32be(params.memoryKiB),
    u32be(params.iterations),
    u32be(params.parallelism),
    params.salt,
  );
}

/**
 * Reads a parameter record.
 * @throws CryptoError UNSUPPORTED_VERSION for an unknown version or algorithm; INVALID_INPUT for
 *   a wrong length or parameters outside [floor, ceiling].
 */
export function decodePasswordParams(bytes: Uint8Array): PasswordParams {
  ensureBytes(bytes, undefined, 'password params');
  ensure(bytes.length >= 2, 'password params too short');
  if (bytes[0] !== PASSWORD_PARAMS_VERSION) throw new CryptoError('UNSUPPORTED_VERSION', `password params version ${bytes[0]}`);
  if (bytes[1] !== PASSWORD_ALGORITHM_ARGON2ID) throw new CryptoError('UNSUPPORTED_VERSION', `password algorithm ${bytes[1]}`);
  ensure(bytes.length === PASSWORD_PARAMS_LENGTH, `password params must be ${PASSWORD_PARAMS_LENGTH} bytes, got ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const params: PasswordParams = {
    version: 1,
    memoryKiB: view.getUint32(2),
    iterations: view.getUint32(6),
    parallelism: view.getUint32(10),
    salt: bytes.slice(14, 14 + PASSWORD_SALT_LENGTH),
  };
  ensureParams(params);
  return params;
}

/**
 * Derives the 32-byte key of a link password. Takes about a quarter to half a second at the
 * default cost; the password is normalised to Unicode NFC first.
 * @throws CryptoError INVALID_INPUT for an empty, non-string or overlong password or parameters
 *   outside [floor, ceiling]; UNSUPPORTED_VERSION for an unknown parameter version.
 */
export async function deriveLinkPasswordKey(password: string, params: PasswordParams): Promise<Uint8Array> {
  ensure(typeof password === 'string' && password.length > 0, 'password must be a non-empty string');
  ensure(password.length <= MAX_PASSWORD_LENGTH, `password is longer than ${MAX_PASSWORD_LENGTH} characters`);
  ensureParams(params);
  const stretched = await argon2id({
    password: utf8ToBytes(password.normalize('NFC')),
    salt: params.salt,
    memorySize: params.memoryKiB,
    iterations: params.iterations,
    parallelism: params.parallelism,
    hashLength: KEY_LENGTH,
    outputType: 'binary',
  });
  return hkdf(sha256, stretched, undefined, utf8ToBytes(LABELS.linkPasswordKey), KEY_LENGTH);
}

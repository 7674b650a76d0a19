// What both entry points of `@coffre/crypto/file` export besides the cipher-bound functions.
import { randomBytes } from '../bytes.js';
import { KEY_LENGTH } from './format.js';

export { type DecryptOptions, type EncryptOptions, FileDecryptor, FileEncryptor, type RangePlan, planRange } from './file-crypto.js';
export { PART_MAC_LENGTH, type PartMacInput, type PartPlan, partCount, planPart } from './part-mac.js';
export { DEFAULT_CHUNK_SIZE, type FileBinding, type FileHeader, HEADER_LENGTH, SALT_LENGTH, ciphertextLength, fileContext, parseHeader } from './format.js';

/** A fresh random 32-byte content key for one file version. */
export function generateFileKey(): Uint8Array {
  return randomBytes(KEY_LENGTH);
}

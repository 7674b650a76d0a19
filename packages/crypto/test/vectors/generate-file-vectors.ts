/**
 * Writes test/vectors/file-v1.json: fixed inputs in, ciphertexts out. Run it only when the
 * format changes on purpose (`node --import tsx test/vectors/generate-file-vectors.ts`); the tests
 * check the committed file and never regenerate it.
 */
import { writeFileSync } from 'node:fs';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '../../src/bytes.js';
import { nodeChunkCipher } from '../../src/file/aead-node.js';
import { collect, createFileCrypto, singleChunkStream } from '../../src/file/file-crypto.js';
import { HEADER_LENGTH } from '../../src/file/format.js';

const files = createFileCrypto(nodeChunkCipher);
const CHUNK = 4096;
const SEALED = CHUNK + 16;
const key = hexToBytes('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
const otherKey = hexToBytes('f0e0d0c0b0a090807060504030201000ffeeddccbbaa99887766554433221100');
const salt = hexToBytes('a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf');
const otherSalt = hexToBytes('5050505050505050505050505050505050505050505050505050505050505050');
const context = utf8ToBytes('owner=acc_1;node=node_1;version=1');

function pattern(length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 31 + 7) & 0xff);
}

async function seal(plaintext: Uint8Array, options: { key?: Uint8Array; salt?: Uint8Array; chunkSize?: number; context?: Uint8Array } = {}) {
  const stream = files.encryptStreamWithSalt(
    { key: options.key ?? key, context: options.context ?? context, plaintextLength: plaintext.length, chunkSize: options.chunkSize ?? CHUNK },
    options.salt ?? salt,
  );
  return collect(singleChunkStream(plaintext).pipeThrough(stream));
}

const sizes: Array<[string, number, number]> = [
  ['empty file', 0, CHUNK],
  ['one byte', 1, CHUNK],
  ['one chunk minus one byte', CHUNK - 1, CHUNK],
  ['exactly one chunk', CHUNK, CHUNK],
  ['one chunk plus one byte', CHUNK + 1, CHUNK],
  ['three full chunks', 3 * CHUNK, CHUNK],
  ['three chunks and a tail, 8 KiB chunks', 3 * 8192 + 100, 8192],
];

const vectors = [];
for (const [name, length, chunkSize] of sizes) {
  const plaintext = pattern(length);
  const ciphertext = await seal(plaintext, { chunkSize });
  vectors.push({ name, key: bytesToHex(key), salt: bytesToHex(salt), context: bytesToHex(context), chunkSize, plaintext: bytesToHex(plaintext), ciphertext: bytesToHex(ciphertext) });
}

// Negative vectors, all built from a three-chunk file: each must fail with the given code.
const base = await seal(pattern(3 * CHUNK));
const chunk = (ct: Uint8Array, i: number) => ct.subarray(HEADER_LENGTH + i * SEALED, HEADER_LENGTH + (i + 1) * SEALED);
const header = base.subarray(0, HEADER_LENGTH);
const fromOtherKey = await seal(pattern(3 * CHUNK), { key: otherKey });
const otherVersion = await seal(pattern(3 * CHUNK), { salt: otherSalt });
const withByte = (ct: Uint8Array, offset: number, value: number) => {
  const copy = ct.slice();
  copy[offset] = value;
  return copy;
};
const negative = [
  ['truncated: last chunk dropped', base.subarray(0, HEADER_LENGTH + 2 * SEALED), 'DECRYPT_FAILED'],
  ['truncated: inside the last chunk', base.subarray(0, base.length - 1), 'DECRYPT_FAILED'],
  ['truncated: header only', header, 'DECRYPT_FAILED'],
  ['truncated: inside the header', base.subarray(0, 40), 'DECRYPT_FAILED'],
  ['extended: one byte appended', concatBytes(base, new Uint8Array([0])), 'DECRYPT_FAILED'],
  ['extended: last chunk repeated', concatBytes(base, chunk(base, 2)), 'DECRYPT_FAILED'],
  ['reordered: chunks 0 and 1 swapped', concatBytes(header, chunk(base, 1), chunk(base, 0), chunk(base, 2)), 'DECRYPT_FAILED'],
  ['spliced: chunk 1 from a file under another key', concatBytes(header, chunk(base, 0), chunk(fromOtherKey, 1), chunk(base, 2)), 'DECRYPT_FAILED'],
  ['spliced: chunk 1 from another version (same key, new salt)', concatBytes(header, chunk(base, 0), chunk(otherVersion, 1), chunk(base, 2)), 'DECRYPT_FAILED'],
  ['spliced: header of another version', concatBytes(otherVersion.subarray(0, HEADER_LENGTH), base.subarray(HEADER_LENGTH)), 'DECRYPT_FAILED'],
  ['modified header: plaintext length', withByte(base, 15, base[15]! ^ 1), 'DECRYPT_FAILED'],
  ['modified header: chunk size', withByte(base, 6, 13), 'DECRYPT_FAILED'],
  ['modified header: salt', withByte(base, 20, base[20]! ^ 0x80), 'DECRYPT_FAILED'],
  ['modified header: commitment', withByte(base, 79, base[79]! ^ 1), 'DECRYPT_FAILED'],
  ['unknown version 2', withByte(base, 4, 2), 'UNSUPPORTED_VERSION'],
  ['unknown version 0', withByte(base, 4, 0), 'UNSUPPORTED_VERSION'],
  ['unknown algorithm 2', withByte(base, 5, 2), 'UNSUPPORTED_VERSION'],
  ['bad magic', withByte(base, 0, 0x58), 'INVALID_INPUT'],
  ['reserved byte set', withByte(base, 7, 1), 'INVALID_INPUT'],
].map(([name, ciphertext, error]) => ({ name, key: bytesToHex(key), context: bytesToHex(context), ciphertext: bytesToHex(ciphertext as Uint8Array), error }));
negative.push(
  { name: 'wrong key', key: bytesToHex(otherKey), context: bytesToHex(context), ciphertext: bytesToHex(base), error: 'DECRYPT_FAILED' },
  { name: 'wrong context (another node)', key: bytesToHex(key), context: bytesToHex(utf8ToBytes('owner=acc_1;node=node_2;version=1')), ciphertext: bytesToHex(base), error: 'DECRYPT_FAILED' },
);

const document = {
  description: 'Coffre file format v1 (docs/crypto.md, "File format v1"). All byte strings are hex. context is the caller-supplied associated data.',
  chunkSize: CHUNK,
  vectors,
  negative,
};
writeFileSync(new URL('./file-v1.json', import.meta.url), `${JSON.stringify(document, null, 2)}\n`);
console.log(`wrote ${vectors.length} vectors and ${negative.length} negative vectors`);

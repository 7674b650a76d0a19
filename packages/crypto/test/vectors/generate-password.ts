// Writes test/vectors/password.json: `node --import tsx test/vectors/generate-password.ts`.
// Inputs are fixed and randomness is deterministic, so the output is the same on every run.
import type { PasswordParams } from '../../src/password.js';
import { installDeterministicRandom } from './deterministic-random.js';

installDeterministicRandom('coffre/vectors/password');

const { argon2id } = await import('hash-wasm');
const { MIN_PASSWORD_COST, createPasswordParams, deriveLinkPasswordKey, encodePasswordParams } = await import('../../src/password.js');
const { hex } = await import('../support/bytes.js');
const { writeVectors } = await import('./vector-files.js');

async function vector(name: string, password: string, params: PasswordParams) {
  const stretched = await argon2id({
    password: new TextEncoder().encode(password.normalize('NFC')),
    salt: params.salt,
    memorySize: params.memoryKiB,
    iterations: params.iterations,
    parallelism: params.parallelism,
    hashLength: 32,
    outputType: 'binary',
  });
  return {
    name,
    password,
    params: hex(encodePasswordParams(params)),
    stretched: hex(stretched),
    key: hex(await deriveLinkPasswordKey(password, params)),
  };
}

const floor = createPasswordParams(MIN_PASSWORD_COST);
const defaults = createPasswordParams();
const composed = 'p\u00e2t\u00e9 \u00fcn\u00efc\u00f8d\u00e9 \u{1F511}';
const decomposed = composed.normalize('NFD');

/** A params record with one field replaced, encoded by hand (the encoder refuses such records). */
function patched(offset: number, bytes: number[]): string {
  const encoded = encodePasswordParams(floor);
  encoded.set(bytes, offset);
  return hex(encoded);
}
const u32 = (value: number) => [value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];

writeVectors('password', {
  construction: 'link password key v1 (Argon2id + HKDF-SHA-256)',
  specification: 'docs/crypto.md#link-passwords',
  generator: 'test/vectors/generate-password.ts',
  valid: [
    await vector('ASCII password at the floor cost', 'correct horse battery staple', floor),
    await vector('Unicode password (NFC) at the floor cost', composed, floor),
    await vector('same password typed decomposed (NFD): same key', decomposed, floor),
    await vector('default cost (m = 64 MiB, t = 3, p = 1)', 'correct horse battery staple', defaults),
  ],
  invalid: [
    { name: 'memory below the floor', params: patched(2, u32(MIN_PASSWORD_COST.memoryKiB - 1)), error: 'INVALID_INPUT' },
    { name: 'iterations below the floor', params: patched(6, u32(1)), error: 'INVALID_INPUT' },
    { name: 'parallelism zero', params: patched(10, u32(0)), error: 'INVALID_INPUT' },
    { name: 'memory above the ceiling', params: patched(2, u32(1024 * 1024 + 1)), error: 'INVALID_INPUT' },
    { name: 'iterations above the ceiling', params: patched(6, u32(11)), error: 'INVALID_INPUT' },
    { name: 'unknown version', params: patched(0, [0x02]), error: 'UNSUPPORTED_VERSION' },
    { name: 'unknown algorithm', params: patched(1, [0x02]), error: 'UNSUPPORTED_VERSION' },
    { name: 'truncated', params: hex(encodePasswordParams(floor).subarray(0, 29)), error: 'INVALID_INPUT' },
    { name: 'one byte too long', params: `${hex(encodePasswordParams(floor))}00`, error: 'INVALID_INPUT' },
  ],
});

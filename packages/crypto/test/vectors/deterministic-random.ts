// For the vector generators only: replaces crypto.getRandomValues with a SHA-256 counter
// generator seeded by a fixed string, so that running a generator twice writes the same bytes.
// Everything random in @coffre/crypto (and in the OPAQUE and HPKE libraries) comes from
// crypto.getRandomValues, which is what makes the vectors reproducible end to end.
// Never imported by src/ or by tests: a predictable random source is only acceptable here.
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';

/** Installs the deterministic source, seeded with `seed`, for the rest of the process. */
export function installDeterministicRandom(seed: string): void {
  const seedBytes = utf8ToBytes(seed);
  let counter = 0;
  const block = () => {
    const counterBytes = new Uint8Array(8);
    new DataView(counterBytes.buffer).setBigUint64(0, BigInt(counter++));
    return sha256(concatBytes(seedBytes, counterBytes));
  };
  const getRandomValues = <T extends ArrayBufferView | null>(array: T): T => {
    if (array === null) return array;
    const out = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
    for (let offset = 0; offset < out.length; offset += 32) {
      const bytes = block();
      out.set(bytes.subarray(0, Math.min(32, out.length - offset)), offset);
    }
    return array;
  };
  Object.defineProperty(globalThis.crypto, 'getRandomValues', { value: getRandomValues, configurable: true, writable: true });
}

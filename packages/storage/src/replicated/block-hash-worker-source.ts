/**
 * The code of a block-hashing worker thread, as source text run with `new Worker(source, { eval: true })`.
 *
 * Text rather than a module file so that the worker starts the same way from `src/` (tests through
 * vitest, whose transform does not reach worker threads; the benchmark through tsx) and from
 * `dist/`, with no path to resolve. Built-in modules come from `process.getBuiltinModule`, which
 * works whether the worker runs as a script or, when the process was started with
 * `--input-type=module`, as a module.
 *
 * Protocol, one message per job each way:
 * - in: `{ id, buffer, byteOffset, byteLength, blockSize }`, `buffer` transferred;
 * - out: `{ id, buffer, digests }`, `buffer` transferred back unchanged and `digests` the SHA-256 of
 *   each `blockSize` block of the bytes (the last may be shorter), concatenated;
 *   or `{ id, buffer, error }` when the job itself was malformed (the worker lives on).
 *
 * Anything else that goes wrong (an uncaught exception, the thread exiting) is a crash, which the
 * pool turns into an INTERNAL error for every job the worker held.
 */
export const BLOCK_HASH_WORKER_SOURCE = `'use strict';
const { parentPort } = process.getBuiltinModule('node:worker_threads');
const { createHash } = process.getBuiltinModule('node:crypto');
const DIGEST_BYTES = 32;

parentPort.on('message', (job) => {
  const { id, buffer, byteOffset, byteLength, blockSize } = job;
  let digests;
  try {
    const count = Math.ceil(byteLength / blockSize);
    digests = new Uint8Array(count * DIGEST_BYTES);
    for (let index = 0; index < count; index += 1) {
      const offset = index * blockSize;
      const block = new Uint8Array(buffer, byteOffset + offset, Math.min(blockSize, byteLength - offset));
      digests.set(createHash('sha256').update(block).digest(), index * DIGEST_BYTES);
    }
  } catch (error) {
    parentPort.postMessage({ id, buffer, error: String(error && error.message || error) }, buffer instanceof ArrayBuffer ? [buffer] : []);
    return;
  }
  parentPort.postMessage({ id, buffer, digests }, [buffer, digests.buffer]);
});
`;

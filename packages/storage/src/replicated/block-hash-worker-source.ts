/**
 * The code of a block-hashing worker thread, as source text run with `new Worker(source, { eval: true })`.
 *
 * Text rather than a module file so that the worker starts the same way from `src/` (tests through
 * vitest, whose transform does not reach worker threads; the benchmark through tsx) and from
 * `dist/`, with no path to resolve. Built-in modules come from `process.getBuiltinModule`, which
 * works whether the worker runs as a script or, when the process was started with
 * `--input-type=module`, as a module.
 *
 * Protocol, one message per job each way. Jobs:
 * - bytes: `{ id, buffer, byteOffset, byteLength, blockSize }`, `buffer` transferred; the reply
 *   transfers the same buffer back unchanged;
 * - file: `{ id, fd, position, buffer, blockSize }`, `buffer` transferred: the worker fills
 *   `buffer` from the open file `fd` at `position` (pread: a descriptor is shared by every thread
 *   of the process, and a positional read leaves the file offset alone) and transfers it back.
 *   `byteLength` in the reply is what was read: less than the buffer when the file ended first,
 *   in which case the rest of the buffer is zeroed again (it may hold a failed read's bytes).
 * Replies:
 * - `{ id, buffer, byteLength, digests }`: `digests` the SHA-256 of each `blockSize` block of the
 *   bytes (the last may be shorter), concatenated;
 * - `{ id, readError }`: the file could not be read (an errno message); the worker lives on;
 * - `{ id, buffer, error }`: the job itself was malformed; the worker lives on.
 *
 * Anything else that goes wrong (an uncaught exception, the thread exiting) is a crash, which the
 * pool turns into an INTERNAL error for every job the worker held.
 */
export const BLOCK_HASH_WORKER_SOURCE = `'use strict';
const { parentPort } = process.getBuiltinModule('node:worker_threads');
const { createHash } = process.getBuiltinModule('node:crypto');
const { readSync } = process.getBuiltinModule('node:fs');
const DIGEST_BYTES = 32;

function digestBlocks(buffer, byteOffset, byteLength, blockSize) {
  const count = Math.ceil(byteLength / blockSize);
  const digests = new Uint8Array(count * DIGEST_BYTES);
  for (let index = 0; index < count; index += 1) {
    const offset = index * blockSize;
    const block = new Uint8Array(buffer, byteOffset + offset, Math.min(blockSize, byteLength - offset));
    digests.set(createHash('sha256').update(block).digest(), index * DIGEST_BYTES);
  }
  return digests;
}

/** Fills the job's buffer from the file; how many bytes it read, or why it could not. */
function readFile(job) {
  const bytes = new Uint8Array(job.buffer);
  let filled = 0;
  try {
    while (filled < bytes.length) {
      const read = readSync(job.fd, bytes, filled, bytes.length - filled, job.position + filled);
      if (read === 0) break;
      filled += read;
    }
  } catch (error) {
    return { readError: String(error && error.message || error) };
  }
  if (filled < bytes.length) bytes.fill(0, filled);
  return { byteLength: filled };
}

parentPort.on('message', (job) => {
  const { id, blockSize } = job;
  const buffer = job.buffer;
  let byteOffset = job.byteOffset;
  let byteLength = job.byteLength;
  let digests;
  try {
    if (job.fd !== undefined) {
      const read = readFile(job);
      if (read.readError !== undefined) {
        parentPort.postMessage({ id, readError: read.readError });
        return;
      }
      byteOffset = 0;
      byteLength = read.byteLength;
    }
    digests = digestBlocks(buffer, byteOffset, byteLength, blockSize);
  } catch (error) {
    parentPort.postMessage({ id, buffer, error: String(error && error.message || error) }, buffer instanceof ArrayBuffer ? [buffer] : []);
    return;
  }
  parentPort.postMessage({ id, buffer, byteLength, digests }, [buffer, digests.buffer]);
});
`;

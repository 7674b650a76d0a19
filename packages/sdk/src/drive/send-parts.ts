// Sends encoded parts with bounded concurrency, recording each part's MAC and hash in the
// upload state before any of its bytes leave.
import { type PartView } from '../drive-types.js';
import { type DriveApi } from './drive-api.js';
import { type PartEncoder } from './part-encoder.js';
import { type RetryPolicy, throwIfAborted, withRetry } from './retry.js';
import { partSha256 } from '@coffre/crypto/file';

/** Parts in flight at once (docs/drive-design.md). */
export const PARTS_IN_FLIGHT = 4;

/**
 * How a part's bytes are handed to fetch, per platform:
 * - Node: its fetch copies a byte array body before sending it (the Fetch standard's "extract a
 *   body"), a part's worth of garbage per request; a stream body is written as it is.
 * - Browsers send stream bodies only over HTTP/2 or later, and Chromium sends a byte array body at
 *   a pathological cost: 8 MiB Uint8Array bodies from a worker took 0.4 CPU s per MB between the
 *   renderer and the browser process (80 MB: 32 CPU s, 38 s), the same bytes as a Blob 0.02 CPU s
 *   per MB (1.6 CPU s, 1.9 s). So browsers get a Blob: one copy into blob storage, which also
 *   frees the part's pooled buffer for reuse however long the request takes.
 */
const STREAM_BODIES = typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string';

/**
 * The request body for a part's bytes: a stream in Node, a Blob elsewhere. Either way the body no
 * longer reads `bytes` once the request has settled, so the pooled buffer can then be reused (a
 * Blob holds its own copy at once).
 */
export function partBodyOf(bytes: Uint8Array, streamBodies: boolean = STREAM_BODIES): Blob | ReadableStream<Uint8Array> {
  if (!streamBodies) return new Blob([bytes as BufferSource]);
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}

export interface SendPartsInput {
  api: DriveApi;
  uploadId: string;
  encoder: PartEncoder;
  partSize: number;
  /** The part numbers to send, ascending. */
  parts: number[];
  /** MAC of a part's plaintext (computePartMac bound to the file key and salt). */
  mac(part: number, start: number, end: number, plaintext: Uint8Array[]): Promise<Uint8Array>;
  /** Stores a part's MAC and hash durably; called before the part is sent. */
  record(part: number, mac: Uint8Array, sha256: string): Promise<void>;
  /** Called as each part is acknowledged, with its size. */
  sent(part: PartView): void;
  retry?: RetryPolicy;
  signal?: AbortSignal;
}

/**
 * Encodes, records and sends `parts`; resolves with the server's view of each once every one is
 * acknowledged. On failure, stops encoding, lets the parts in flight settle, and throws the first
 * error (the upload can then be resumed).
 */
export async function sendParts(input: SendPartsInput): Promise<PartView[]> {
  const results: PartView[] = [];
  const inFlight = new Set<Promise<void>>();
  // Part buffers are reused once their request has settled: memory stays at PARTS_IN_FLIGHT + 1
  // parts, and no garbage of a part's size is left per part for the collector.
  const pool: Uint8Array[] = [];
  let failure: { error: unknown } | undefined;

  const settle = async () => {
    await Promise.allSettled([...inFlight]);
    if (failure !== undefined) throw failure.error;
  };

  for (const n of input.parts) {
    if (failure !== undefined) break;
    throwIfAborted(input.signal);
    const buffer = pool.pop() ?? new Uint8Array(input.partSize);
    const part = await input.encoder.encode(n, buffer);
    const [mac, sha256] = await Promise.all([input.mac(n, part.plan.start, part.plan.end, part.plaintext), partSha256(part.bytes)]);
    await input.record(n, mac, sha256);
    const sending = withRetry(() => input.api.putPart(input.uploadId, n, partBodyOf(part.bytes), sha256, input.signal), { ...(input.retry && { policy: input.retry }), ...(input.signal && { signal: input.signal }) })
      .then((view) => {
        results.push(view);
        input.sent(view);
      })
      .catch((error: unknown) => {
        failure ??= { error };
      })
      .finally(() => {
        inFlight.delete(sending);
        pool.push(buffer);
      });
    inFlight.add(sending);
    while (inFlight.size >= PARTS_IN_FLIGHT) await Promise.race(inFlight);
  }
  await settle();
  return results.sort((a, b) => a.n - b.n);
}

// Sends encoded parts with bounded concurrency, recording each part's MAC and hash in the
// upload state before any of its bytes leave.
import { type PartView } from '../drive-types.js';
import { type DriveApi } from './drive-api.js';
import { type EncodedPart, type PartEncoder } from './part-encoder.js';
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
 *   per MB (1.6 CPU s, 1.9 s); that was with DevTools attached, as in the browser tests and
 *   benchmarks (without, a byte array body cost about 1.3x a Blob's). So browsers get a Blob: one
 *   copy into blob storage, which also frees the part's pooled buffer for reuse however long the
 *   request takes.
 */
const STREAM_BODIES = typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string';

/**
 * The request body for a part: a stream of `bytes` in Node, a Blob elsewhere. Either way the body
 * no longer reads `bytes` once the request has settled, so the pooled buffer can then be reused (a
 * Blob holds its own copy at once). The Blob is made from the part's `pieces` when given: in
 * Chromium, chunk-sized pieces are copied into reused memory where one part-sized copy takes fresh
 * pages each time (200 MB: the worker's share about 0.9 CPU s against 0.7).
 */
export function partBodyOf(part: { bytes: Uint8Array; pieces?: Uint8Array[] }, streamBodies: boolean = STREAM_BODIES): Blob | ReadableStream<Uint8Array> {
  if (!streamBodies) return new Blob((part.pieces ?? [part.bytes]) as BlobPart[]);
  return new ReadableStream({
    start(controller) {
      controller.enqueue(part.bytes);
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
  /** Stream bodies (Node) or Blob bodies (elsewhere); for tests. */
  streamBodies?: boolean;
}

/** A stream is read once: a new one per attempt. */
function streamBodyOf(bytes: Uint8Array): () => ReadableStream<Uint8Array> {
  return () => partBodyOf({ bytes }, true) as ReadableStream<Uint8Array>;
}

/** A Blob can be sent again: one for every attempt, made at once (so `part` is free after this). */
function blobBodyOf(part: EncodedPart): () => Blob {
  const blob = partBodyOf(part, false) as Blob;
  return () => blob;
}

/** A part encoded into its pooled buffer. */
interface EncodedInto {
  n: number;
  buffer: Uint8Array;
  part: EncodedPart;
}

/**
 * Encodes, records and sends `parts`; resolves with the server's view of each once every one is
 * acknowledged. On failure, stops encoding, lets the parts in flight settle, and throws the first
 * error (the upload can then be resumed).
 *
 * With Blob bodies the next part is encoded while this one's record is written: the Blob holds its
 * own copy, so a part's buffer is free again as soon as its body exists, and the encoder's
 * plaintext buffer once the part's MAC has settled. With stream bodies (Node) each part is encoded
 * only once a request slot is free, as the buffers of the requests in flight are still being read.
 */
export async function sendParts(input: SendPartsInput): Promise<PartView[]> {
  const streamBodies = input.streamBodies ?? STREAM_BODIES;
  const results: PartView[] = [];
  const inFlight = new Set<Promise<void>>();
  // Part buffers are reused once their bytes are no longer read: memory stays at PARTS_IN_FLIGHT + 1
  // parts at most, and no garbage of a part's size is left per part for the collector.
  const pool: Uint8Array[] = [];
  let failure: { error: unknown } | undefined;

  const encode = async (n: number): Promise<EncodedInto> => {
    const buffer = pool.pop() ?? new Uint8Array(input.partSize);
    try {
      return { n, buffer, part: await input.encoder.encode(n, buffer) };
    } catch (error) {
      pool.push(buffer);
      throw error;
    }
  };

  let next: Promise<EncodedInto> | undefined;
  try {
    for (let index = 0; index < input.parts.length; index++) {
      if (failure !== undefined) break;
      throwIfAborted(input.signal);
      const { n, buffer, part } = await (next ?? encode(input.parts[index]!));
      next = undefined;
      const [mac, sha256] = await Promise.all([input.mac(n, part.plan.start, part.plan.end, part.plaintext), partSha256(part.bytes)]);
      // The request holds only the bytes it sends: not `part`, whose pieces are a second copy. A
      // Blob is made (its copy taken) before the next part may start writing into reused memory.
      const body = streamBodies ? streamBodyOf(part.bytes) : blobBodyOf(part);
      if (!streamBodies) pool.push(buffer);
      const following = streamBodies ? undefined : input.parts[index + 1];
      if (following !== undefined) next = encode(following);
      await input.record(n, mac, sha256);
      const sending = withRetry(() => input.api.putPart(input.uploadId, n, body(), sha256, input.signal), { ...(input.retry && { policy: input.retry }), ...(input.signal && { signal: input.signal }) })
        .then((view) => {
          results.push(view);
          input.sent(view);
        })
        .catch((error: unknown) => {
          failure ??= { error };
        })
        .finally(() => {
          inFlight.delete(sending);
          if (streamBodies) pool.push(buffer);
        });
      inFlight.add(sending);
      while (inFlight.size >= PARTS_IN_FLIGHT) await Promise.race(inFlight);
    }
  } finally {
    // A part encoded ahead of a failure is dropped (nothing of it was recorded or sent).
    await next?.catch(() => undefined);
    await Promise.allSettled([...inFlight]);
  }
  if (failure !== undefined) throw failure.error;
  return results.sort((a, b) => a.n - b.n);
}

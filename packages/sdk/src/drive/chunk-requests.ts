// The ciphertext of a run of chunks, fetched as several ranged requests kept in flight at once
// and read back in order (content-reader.ts decrypts what this hands out). One request at a time
// leaves both ends idle at every request boundary and while the client decrypts: the server's
// next bytes only start once the client asks. With a few requests in flight the server is
// already reading, verifying and sending the next ranges meanwhile; their bodies wait in the
// socket buffers, unread, until their turn, so memory stays bounded by TCP flow control.
import { type ByteRange, type ContentResponse } from './drive-api.js';
import { DriveError } from './drive-error.js';

/** Ciphertext asked for per request: 8 MiB, about the server's part size. */
export const REQUEST_BYTES = 8 * 1024 * 1024;

/** Requests in flight at once: the one being read and two ahead. */
export const REQUESTS_IN_FLIGHT = 3;

/** Where the ciphertext comes from: ranged requests, end exclusive. */
export type FetchCiphertext = (range: ByteRange, signal?: AbortSignal) => Promise<ContentResponse>;

/** Where chunks lie in the ciphertext. */
export interface ChunkLayout {
  /** Ciphertext offset of chunk `index`. */
  offsetOf(index: number): number;
  /** Sealed length (ciphertext and tag) of chunk `index`. */
  sealedLength(index: number): number;
}

export interface ChunkRequestOptions {
  /** Ciphertext bytes per request (whole chunks, at least one); default `REQUEST_BYTES`. */
  requestBytes?: number;
  /** Requests kept in flight; default `REQUESTS_IN_FLIGHT`. */
  requestsInFlight?: number;
  signal?: AbortSignal;
}

/** One sealed chunk, in order. Valid until the next one is asked for (its buffer may be reused). */
export interface SealedChunk {
  index: number;
  sealed: Uint8Array;
}

interface Request {
  readonly first: number;
  readonly last: number;
  readonly abort: AbortController;
  readonly unlink: () => void;
  readonly response: Promise<ContentResponse>;
}

/**
 * The sealed chunks `first`…`last`, in order, fetched in requests of about `requestBytes` with
 * `requestsInFlight` of them under way. A failure (network, server, a body too long or too short)
 * ends the iteration with that error after the chunks before it; returning early or failing
 * aborts every request still in flight. Nothing is authenticated here: the caller decrypts each
 * chunk, and a chunk's place is bound by its nonce, so bytes from the wrong range fail there.
 */
export async function* sealedChunksOf(
  fetchCiphertext: FetchCiphertext,
  layout: ChunkLayout,
  first: number,
  last: number,
  options: ChunkRequestOptions = {},
): AsyncGenerator<SealedChunk> {
  const requestBytes = options.requestBytes ?? REQUEST_BYTES;
  const inFlight = Math.max(1, options.requestsInFlight ?? REQUESTS_IN_FLIGHT);
  const queue: Request[] = [];
  let nextToRequest = first;

  const request = (): void => {
    const from = nextToRequest;
    let to = from;
    // Whole chunks up to requestBytes, at least one.
    while (to < last && layout.offsetOf(to + 1) + layout.sealedLength(to + 1) - layout.offsetOf(from) <= requestBytes) to++;
    nextToRequest = to + 1;
    const { abort, unlink } = linkedAbort(options.signal);
    const response = fetchCiphertext({ start: layout.offsetOf(from), end: layout.offsetOf(to) + layout.sealedLength(to) }, abort.signal);
    // Awaited when its turn comes; until then a failure must not count as unhandled.
    response.catch(() => undefined);
    queue.push({ first: from, last: to, abort, unlink, response });
  };

  try {
    while (queue.length > 0 || nextToRequest <= last) {
      while (queue.length < inFlight && nextToRequest <= last) request();
      const head = queue[0]!;
      const { body } = await head.response;
      yield* cutIntoChunks(body, head.first, head.last, layout.sealedLength);
      queue.shift();
      head.unlink();
    }
  } finally {
    for (const pending of queue) {
      pending.unlink();
      pending.abort.abort(new DriveError('ABORTED', 'The download stopped before this range was read.'));
      // A body already under way is cancelled too, so that its connection is let go.
      void pending.response.then((response) => response.body.cancel().catch(() => undefined), () => undefined);
    }
  }
}

/**
 * An AbortController that also aborts when `outer` does (AbortSignal.any is too recent for some
 * browsers), and `unlink` to stop listening to `outer` once the request is done.
 */
function linkedAbort(outer: AbortSignal | undefined): { abort: AbortController; unlink: () => void } {
  const abort = new AbortController();
  const forward = () => abort.abort(outer?.reason);
  if (outer?.aborted) forward();
  else outer?.addEventListener('abort', forward, { once: true });
  return { abort, unlink: () => outer?.removeEventListener('abort', forward) };
}

const tampered = (what: string) =>
  new DriveError('TAMPERED', `The file's content failed authentication (${what}): the server sent bytes that are not this file's. Nothing unverified was released.`);

/** Cuts a response body into the sealed chunks first…last; a short body is a network failure. */
async function* cutIntoChunks(body: ReadableStream<Uint8Array>, first: number, last: number, sealedLength: (index: number) => number): AsyncGenerator<SealedChunk> {
  const reader = body.getReader();
  let index = first;
  // Chunks straddling network pieces are gathered here; one buffer, reused from chunk to chunk
  // (the consumer is done with a chunk when it asks for the next).
  let buffer = new Uint8Array(sealedLength(index));
  let filled = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      let rest = value;
      while (rest.length > 0) {
        if (index > last) throw tampered('more bytes than asked for');
        const size = sealedLength(index);
        // A whole chunk inside the piece the network gave is handed out without a copy.
        if (filled === 0 && rest.length >= size) {
          yield { index, sealed: rest.subarray(0, size) };
          rest = rest.subarray(size);
        } else {
          if (buffer.length < size) buffer = new Uint8Array(size);
          const take = Math.min(rest.length, size - filled);
          buffer.set(rest.subarray(0, take), filled);
          filled += take;
          rest = rest.subarray(take);
          if (filled < size) continue;
          yield { index, sealed: buffer.subarray(0, size) };
        }
        index++;
        filled = 0;
      }
    }
    if (index <= last) throw new TypeError(`content ended early, in chunk ${index}`);
  } finally {
    reader.releaseLock();
    await body.cancel().catch(() => undefined);
  }
}

// Reading a file version's content: fetch and authenticate the header, then stream the chunks of
// the plaintext range asked for, each authenticated before any of its bytes are released
// (docs/drive-design.md, "Download protocol"). A chunk that fails authentication ends the stream
// with DriveError TAMPERED: never wrong bytes.
import { CryptoError } from '@coffre/crypto/errors';
import { type FileDecryptor, HEADER_LENGTH, openFile, planRange } from '@coffre/crypto/file';
import { ApiError } from '../errors.js';
import { type ByteRange, type ContentResponse } from './drive-api.js';
import { DriveError } from './drive-error.js';
import { type RetryPolicy, DEFAULT_RETRY, isRetryable, sleep, throwIfAborted } from './retry.js';

/** Where the ciphertext comes from: ranged requests, end exclusive. */
export type FetchCiphertext = (range: ByteRange, signal?: AbortSignal) => Promise<ContentResponse>;

/** Ciphertext fetched per request: 256 chunks of 256 KiB, 64 MiB. */
const CHUNKS_PER_REQUEST = 256;

const tampered = (what: string, cause?: unknown) =>
  new DriveError('TAMPERED', `The file's content failed authentication (${what}): the server sent bytes that are not this file's. Nothing unverified was released.`, { cause });

/**
 * Fetches and authenticates a file version's header: the file key and context must match.
 * @throws DriveError TAMPERED when they do not.
 */
export async function openContent(fetchCiphertext: FetchCiphertext, options: { key: Uint8Array; context: Uint8Array; signal?: AbortSignal }): Promise<FileDecryptor> {
  const header = await readAll(await fetchCiphertext({ start: 0, end: HEADER_LENGTH }, options.signal), HEADER_LENGTH);
  try {
    return await openFile(header, { key: options.key, context: options.context });
  } catch (error) {
    if (error instanceof CryptoError) throw tampered('header', error);
    throw error;
  }
}

export interface ReadOptions {
  /** Plaintext bytes [start, end); the whole file by default. */
  start?: number;
  end?: number;
  onProgress?: (progress: { done: number; total: number }) => void;
  signal?: AbortSignal;
  retry?: RetryPolicy;
}

/**
 * The plaintext bytes [start, end) as a stream, fetching only the chunks that hold them, in
 * requests of up to 64 MiB, each retried from the first chunk not yet delivered on network and
 * server errors. Memory: one chunk in progress plus the stream's queue.
 */
export function readPlaintext(file: FileDecryptor, fetchCiphertext: FetchCiphertext, options: ReadOptions = {}): ReadableStream<Uint8Array> {
  const start = options.start ?? 0;
  const end = options.end ?? file.header.plaintextLength;
  const plan = planRange(file.header, start, end); // INVALID_INPUT outside the file
  const iterator = plaintextPieces(file, fetchCiphertext, plan.firstChunk, plan.lastChunk, start, end, options);
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { done, value } = await iterator.next();
          if (done) controller.close();
          else controller.enqueue(value);
        } catch (error) {
          controller.error(error);
        }
      },
      async cancel() {
        await iterator.return(undefined);
      },
    },
    { highWaterMark: 2 },
  );
}

async function* plaintextPieces(file: FileDecryptor, fetchCiphertext: FetchCiphertext, firstChunk: number, lastChunk: number, start: number, end: number, options: ReadOptions): AsyncGenerator<Uint8Array> {
  const { chunkSize } = file.header;
  const policy = options.retry ?? DEFAULT_RETRY;
  const sealedLength = (index: number) => Math.min(chunkSize, file.header.plaintextLength - index * chunkSize) + 16;
  const offsetOf = (index: number) => HEADER_LENGTH + index * (chunkSize + 16);
  let done = 0;
  if (start === end) return;
  let next = firstChunk;
  let failures = 0;
  while (next <= lastChunk) {
    throwIfAborted(options.signal);
    const last = Math.min(lastChunk, next + CHUNKS_PER_REQUEST - 1);
    try {
      const response = await fetchCiphertext({ start: offsetOf(next), end: offsetOf(last) + sealedLength(last) }, options.signal);
      for await (const sealed of sealedChunks(response.body, next, last, sealedLength)) {
        let plaintext: Uint8Array;
        try {
          plaintext = await file.decryptChunk(next, sealed);
        } catch (error) {
          if (error instanceof CryptoError) throw tampered(`chunk ${next}`, error);
          throw error;
        }
        const from = next === firstChunk ? start - firstChunk * chunkSize : 0;
        const to = Math.min(plaintext.length, end - next * chunkSize);
        next++;
        failures = 0;
        const piece = plaintext.subarray(from, to);
        done += piece.length;
        options.onProgress?.({ done, total: end - start });
        if (piece.length > 0) yield piece;
      }
    } catch (error) {
      if (error instanceof DriveError || !isRetryable(error)) throw error;
      if (++failures >= policy.attempts) throw error instanceof TypeError ? brokenOff(next, failures, error) : error;
      await sleep(Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failures - 1)), options.signal);
    }
  }
}

/** A body that kept breaking off (the server closed the connection mid-transfer). */
function brokenOff(chunk: number, attempts: number, cause: unknown): ApiError {
  return new ApiError(0, 'NETWORK_ERROR', `The download kept breaking off at chunk ${chunk} (${attempts} attempts); the server may be unable to read this file's data.`, '', { cause });
}

/** Cuts a response body into the sealed chunks first…last; a short body is a network failure. */
async function* sealedChunks(body: ReadableStream<Uint8Array>, first: number, last: number, sealedLength: (index: number) => number): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  let index = first;
  let buffer = new Uint8Array(sealedLength(index));
  let filled = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      let rest = value;
      while (rest.length > 0) {
        if (index > last) throw tampered('more bytes than asked for');
        // A whole chunk inside the piece the network gave is handed out without a copy.
        if (filled === 0 && rest.length >= buffer.length) {
          const size = buffer.length;
          yield rest.subarray(0, size);
          rest = rest.subarray(size);
        } else {
          const take = Math.min(rest.length, buffer.length - filled);
          buffer.set(rest.subarray(0, take), filled);
          filled += take;
          rest = rest.subarray(take);
          if (filled < buffer.length) continue;
          yield buffer;
        }
        index++;
        filled = 0;
        if (index <= last) buffer = new Uint8Array(sealedLength(index));
      }
    }
    if (index <= last) throw new TypeError(`content ended early, in chunk ${index}`);
  } finally {
    reader.releaseLock();
    await body.cancel().catch(() => undefined);
  }
}

/** Reads a whole (small) body: exactly `length` bytes. */
async function readAll(response: ContentResponse, length: number): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  let filled = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (filled + value.length > length) {
      await reader.cancel();
      throw tampered('a header longer than asked for');
    }
    out.set(value, filled);
    filled += value.length;
  }
  if (filled !== length) throw tampered('a short header');
  return out;
}

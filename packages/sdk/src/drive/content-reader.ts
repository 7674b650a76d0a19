// Reading a file version's content: fetch and authenticate the header, then stream the chunks of
// the plaintext range asked for, each authenticated before any of its bytes are released
// (docs/drive-design.md, "Download protocol"). A chunk that fails authentication ends the stream
// with DriveError TAMPERED: never wrong bytes.
import { CryptoError } from '@coffre/crypto/errors';
import { type FileDecryptor, HEADER_LENGTH, openFile, planRange } from '@coffre/crypto/file';
import { ApiError } from '../errors.js';
import { type ContentResponse } from './drive-api.js';
import { type ChunkLayout, type ChunkRequestOptions, type FetchCiphertext, sealedChunksOf } from './chunk-requests.js';
import { DriveError } from './drive-error.js';
import { type RetryPolicy, DEFAULT_RETRY, isRetryable, sleep, throwIfAborted } from './retry.js';

export { type FetchCiphertext } from './chunk-requests.js';

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

export interface ReadOptions extends Pick<ChunkRequestOptions, 'requestBytes' | 'requestsInFlight'> {
  /** Plaintext bytes [start, end); the whole file by default. */
  start?: number;
  end?: number;
  onProgress?: (progress: { done: number; total: number }) => void;
  /**
   * Told before each retry after a network or server failure: the download resumes at `chunk`
   * after `delayMs`. A download that recovers is otherwise silent; this is how a client shows it.
   */
  onRetry?: (retry: ReadRetry) => void;
  signal?: AbortSignal;
  retry?: RetryPolicy;
}

/** A retry of a download, as `ReadOptions.onRetry` hears of it. */
export interface ReadRetry {
  /** The first chunk not delivered yet, where the download resumes. */
  chunk: number;
  /** 1 for the first retry after a success. */
  attempt: number;
  delayMs: number;
  error: unknown;
}

/**
 * The plaintext bytes [start, end) as a stream, fetching only the chunks that hold them, in
 * ranged requests of about 8 MiB with a few in flight (chunk-requests.ts); on network and server
 * errors the requests start again from the first chunk not yet delivered. Memory: one chunk in
 * progress plus the stream's queue, and what TCP holds of the requests ahead.
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
  const layout: ChunkLayout = {
    offsetOf: (index) => HEADER_LENGTH + index * (chunkSize + 16),
    sealedLength: (index) => Math.min(chunkSize, file.header.plaintextLength - index * chunkSize) + 16,
  };
  const requests: ChunkRequestOptions = {
    ...(options.requestBytes !== undefined && { requestBytes: options.requestBytes }),
    ...(options.requestsInFlight !== undefined && { requestsInFlight: options.requestsInFlight }),
    ...(options.signal && { signal: options.signal }),
  };
  let done = 0;
  if (start === end) return;
  let next = firstChunk;
  let failures = 0;
  while (next <= lastChunk) {
    throwIfAborted(options.signal);
    try {
      for await (const { index, sealed } of sealedChunksOf(fetchCiphertext, layout, next, lastChunk, requests)) {
        let plaintext: Uint8Array;
        try {
          plaintext = await file.decryptChunk(index, sealed);
        } catch (error) {
          if (error instanceof CryptoError) throw tampered(`chunk ${index}`, error);
          throw error;
        }
        const from = index === firstChunk ? start - firstChunk * chunkSize : 0;
        const to = Math.min(plaintext.length, end - index * chunkSize);
        next = index + 1;
        failures = 0;
        const piece = plaintext.subarray(from, to);
        done += piece.length;
        options.onProgress?.({ done, total: end - start });
        if (piece.length > 0) yield piece;
      }
    } catch (error) {
      if (error instanceof DriveError || !isRetryable(error)) throw error;
      if (++failures >= policy.attempts) throw error instanceof TypeError ? brokenOff(next, failures, error) : error;
      const delayMs = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failures - 1));
      options.onRetry?.({ chunk: next, attempt: failures, delayMs, error });
      await sleep(delayMs, options.signal);
    }
  }
}

/** A body that kept breaking off (the server closed the connection mid-transfer). */
function brokenOff(chunk: number, attempts: number, cause: unknown): ApiError {
  return new ApiError(0, 'NETWORK_ERROR', `The download kept breaking off at chunk ${chunk} (${attempts} attempts); the server may be unable to read this file's data.`, '', { cause });
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

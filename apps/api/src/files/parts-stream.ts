import { Readable } from 'node:stream';

/** Bytes read ahead of the consumer, at most (plus one chunk). */
const READ_AHEAD_BYTES = 1024 * 1024;

/** A run of bytes of one part's object: what the content stream reads from the store. */
export interface PartSlice {
  readonly objectId: string;
  readonly offset: number;
  readonly length: number;
}

/** Opens a slice as a stream of verified bytes (the replicated store's `get`). */
export type OpenSlice = (slice: PartSlice) => Promise<ReadableStream<Uint8Array>>;

/**
 * The bytes of consecutive part slices as one Node stream, reading a chunk only when the consumer
 * wants one, so memory stays at a chunk or two whatever the size. The next slice is opened while
 * the current one is read: opening looks up the placement and reads and verifies a first block,
 * and waiting for that at every part boundary would stall the response each time. Destroying the
 * stream (the client went away) cancels the reads in progress at once; nothing further is read.
 *
 * The first slice's stream is opened by the caller beforehand, so that a failure to start
 * (no copy reachable) becomes an error answer rather than a cut response.
 */
export class PartsStream extends Readable {
  readonly #slices: readonly PartSlice[];
  readonly #open: OpenSlice;
  #index = 0;
  #reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  /** Slice `#index + 1`, being opened ahead of its turn. */
  #nextBody: Promise<ReadableStream<Uint8Array>> | undefined;
  #reading = false;

  constructor(first: ReadableStream<Uint8Array>, slices: readonly PartSlice[], open: OpenSlice) {
    // A little read-ahead keeps the socket fed while the next block is fetched and verified;
    // bounded, so that a slow client holds at most this much here.
    super({ highWaterMark: READ_AHEAD_BYTES });
    this.#slices = slices;
    this.#open = open;
    this.#reader = first.getReader();
    this.#openNext();
  }

  override _read(): void {
    if (this.#reading) return;
    this.#reading = true;
    this.#pump().then(
      () => {
        this.#reading = false;
      },
      (error: unknown) => {
        this.#reading = false;
        this.destroy(error instanceof Error ? error : new Error(String(error)));
      },
    );
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const reader = this.#reader;
    const nextBody = this.#nextBody;
    this.#reader = undefined;
    this.#nextBody = undefined;
    this.#index = this.#slices.length;
    if (reader !== undefined) void reader.cancel(error ?? undefined).catch(() => undefined);
    void nextBody?.then((body) => body.cancel(error ?? undefined)).catch(() => undefined);
    callback(error);
  }

  /** Starts opening the slice after the current one, if there is one. */
  #openNext(): void {
    const slice = this.#slices[this.#index + 1];
    if (slice === undefined) return;
    this.#nextBody = this.#open(slice);
    // Awaited when its turn comes; until then a failure must not count as unhandled.
    this.#nextBody.catch(() => undefined);
  }

  /** Pushes chunks until the consumer has enough, or the slices run out. */
  async #pump(): Promise<void> {
    for (;;) {
      if (this.destroyed) return;
      if (this.#reader === undefined) {
        const opening = this.#nextBody;
        if (opening === undefined) {
          this.push(null);
          return;
        }
        this.#nextBody = undefined;
        this.#index += 1;
        const body = await opening;
        if (this.destroyed) {
          await body.cancel().catch(() => undefined);
          return;
        }
        this.#reader = body.getReader();
        this.#openNext();
      }
      const { done, value } = await this.#reader.read();
      if (this.destroyed) return;
      if (done) {
        this.#reader = undefined;
        continue;
      }
      if (!this.push(value)) return;
    }
  }
}

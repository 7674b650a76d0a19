import { createHash } from 'node:crypto';
import { type Readable } from 'node:stream';

/** A part body that was not the size its upload says part `n` has. */
export class PartLengthError extends Error {
  override readonly name = 'PartLengthError';

  constructor(readonly expected: number) {
    super(`the part body is not ${expected} bytes`);
  }
}

/**
 * The body of a part upload, as Fastify hands it over (the request stream, unbuffered), checked
 * to be exactly `expected` bytes long. Read it once, either through `stream` (the replicated store
 * then hashes and writes it) or through `sha256()`; reading one chunk at a time, so memory stays at
 * one chunk whatever the part size.
 *
 * The request is never destroyed here: when a read stops early, `discardRest` drains what the
 * client still sends, so that the error reaches it on a healthy connection.
 */
export class PartBody {
  readonly stream: ReadableStream<Uint8Array>;
  readonly #source: Readable;
  readonly #expected: number;
  #chunks: AsyncIterator<Uint8Array>;
  #received = 0;

  constructor(source: Readable, expected: number) {
    this.#source = source;
    this.#expected = expected;
    this.#chunks = this.#iterate();
    this.stream = new ReadableStream<Uint8Array>(
      {
        pull: async (controller) => {
          const chunk = await this.#next();
          if (chunk === undefined) controller.close();
          else controller.enqueue(chunk);
        },
        cancel: async () => {
          // The store cancels a body it need not write (the object is stored already), before
          // reading any of it: the request stays as it is, for `sha256()` to read.
          await this.#chunks.return?.();
          this.#chunks = this.#iterate();
        },
      },
      { highWaterMark: 0 },
    );
  }

  /** Bytes read so far. */
  get received(): number {
    return this.#received;
  }

  /**
   * Reads the whole body (which `stream` must not have started) and returns its SHA-256 in hex.
   * @throws PartLengthError; whatever the request stream throws (client gone).
   */
  async sha256(): Promise<string> {
    const hash = createHash('sha256');
    for (let chunk = await this.#next(); chunk !== undefined; chunk = await this.#next()) hash.update(chunk);
    return hash.digest('hex');
  }

  /**
   * Lets the rest of the body flow to nowhere, up to `limit` more bytes; past that, the connection
   * is cut. Call once the body will not be read any further.
   */
  async discardRest(limit: number): Promise<void> {
    const source = this.#source;
    // The iterator's own listener must go first: a stream with a 'readable' listener ignores resume().
    await this.#chunks.return?.();
    if (source.readableEnded || source.destroyed) return;
    let discarded = 0;
    source.on('data', (chunk: Uint8Array) => {
      discarded += chunk.length;
      if (discarded > limit) source.destroy();
    });
    source.on('error', () => undefined);
    source.resume();
  }

  /** Reads the request chunk by chunk; returning early leaves the request open, and readable. */
  #iterate(): AsyncIterator<Uint8Array> {
    return this.#source.iterator({ destroyOnReturn: false })[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
  }

  async #next(): Promise<Uint8Array | undefined> {
    const { done, value } = await this.#chunks.next();
    if (done) {
      if (this.#received !== this.#expected) throw new PartLengthError(this.#expected);
      return undefined;
    }
    this.#received += value.length;
    if (this.#received > this.#expected) throw new PartLengthError(this.#expected);
    return value;
  }
}

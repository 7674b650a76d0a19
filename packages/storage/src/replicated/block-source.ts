import { type ObjectBackend } from '../backend.js';
import { StorageError } from '../errors.js';

/**
 * Reads exact runs of bytes, one after the other, from one backend's stream of a block-aligned
 * range, each into a buffer of its own.
 *
 * Owning each buffer is what lets a verified read hand its blocks to a hashing worker by transfer,
 * without a copy: nobody else can be holding a view of memory this class allocated. From a byte
 * stream (the filesystem backend's) the bytes are read straight into that buffer (a BYOB reader);
 * from any other stream (S3's chunks of a few KiB) they are gathered into it.
 */
export class BlockSource {
  readonly backend: ObjectBackend;
  readonly #byob: ReadableStreamBYOBReader | undefined;
  readonly #chunks: ReadableStreamDefaultReader<Uint8Array> | undefined;
  readonly #stallMs: number;
  #leftover: Uint8Array | undefined;

  constructor(backend: ObjectBackend, body: ReadableStream<Uint8Array>, stallMs: number) {
    this.backend = backend;
    this.#stallMs = stallMs;
    try {
      this.#byob = body.getReader({ mode: 'byob' });
    } catch {
      // Not a byte stream.
      this.#chunks = body.getReader();
    }
  }

  /**
   * The next `length` bytes, in a new buffer that they fill exactly (`byteOffset` 0, the whole
   * `buffer`), which the caller owns.
   *
   * @throws {StorageError} INTEGRITY if the stream ends first (the stored copy is short);
   *   UNAVAILABLE if no data comes for the stall timeout, or the stream fails.
   */
  async read(length: number): Promise<Uint8Array> {
    return this.#byob === undefined ? this.#gather(length) : this.#readInto(this.#byob, length);
  }

  /** Stops reading; the backend's stream is cancelled. */
  close(): void {
    void (this.#byob ?? this.#chunks)!.cancel().catch(() => undefined);
  }

  async #readInto(reader: ReadableStreamBYOBReader, length: number): Promise<Uint8Array> {
    let buffer = new ArrayBuffer(length);
    let filled = 0;
    while (filled < length) {
      const { done, value } = await this.#withinStall(reader.read(new Uint8Array(buffer, filled, length - filled)));
      // Each read transfers the buffer to the stream and back: carry on in the one it returned.
      if (value !== undefined) buffer = value.buffer as ArrayBuffer;
      if (done || value === undefined) throw this.#short();
      filled += value.byteLength;
    }
    return new Uint8Array(buffer);
  }

  async #gather(length: number): Promise<Uint8Array> {
    const bytes = new Uint8Array(length);
    let filled = 0;
    while (filled < length) {
      const chunk = this.#leftover ?? (await this.#nextChunk(this.#chunks!));
      this.#leftover = undefined;
      if (chunk === undefined) throw this.#short();
      const take = Math.min(length - filled, chunk.length);
      bytes.set(chunk.subarray(0, take), filled);
      filled += take;
      if (chunk.length > take) this.#leftover = chunk.subarray(take);
    }
    return bytes;
  }

  async #nextChunk(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<Uint8Array | undefined> {
    const { done, value } = await this.#withinStall(reader.read());
    return done ? undefined : value;
  }

  /** `read`, unless the backend sends nothing for the stall timeout; stream failures become UNAVAILABLE. */
  async #withinStall<T>(read: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const stalled = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new StorageError('UNAVAILABLE', `${this.backend.id} sent nothing for ${this.#stallMs} ms`)),
        this.#stallMs,
      );
    });
    try {
      return await Promise.race([read, stalled]);
    } catch (error) {
      if (error instanceof StorageError) throw error;
      throw new StorageError('UNAVAILABLE', `${this.backend.id} failed while sending`, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  #short(): StorageError {
    return new StorageError('INTEGRITY', `${this.backend.id} holds a copy shorter than recorded`);
  }
}

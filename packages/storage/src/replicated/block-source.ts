import { type ObjectBackend } from '../backend.js';
import { StorageError } from '../errors.js';

/**
 * Reads exact blocks, one after the other, from one backend's stream of a block-aligned range.
 * Blocks that lie within one chunk are handed out as views without copying (the filesystem backend
 * reads in multiples of the block size, so that is the usual case).
 */
export class BlockSource {
  readonly backend: ObjectBackend;
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #stallMs: number;
  #leftover: Uint8Array | undefined;

  constructor(backend: ObjectBackend, body: ReadableStream<Uint8Array>, stallMs: number) {
    this.backend = backend;
    this.#reader = body.getReader();
    this.#stallMs = stallMs;
  }

  /**
   * The next `length` bytes.
   *
   * @throws {StorageError} INTEGRITY if the stream ends first (the stored copy is short);
   *   UNAVAILABLE if no data comes for the stall timeout, or the stream fails.
   */
  async readBlock(length: number): Promise<Uint8Array> {
    let block: Uint8Array | undefined;
    let filled = 0;
    while (filled < length) {
      const chunk = this.#leftover ?? (await this.#readChunk());
      this.#leftover = undefined;
      if (chunk === undefined) throw new StorageError('INTEGRITY', `${this.backend.id} holds a copy shorter than recorded`);
      const want = length - filled;
      if (block === undefined && chunk.length >= want) {
        // The whole block is in this chunk: hand out a view.
        if (chunk.length > want) this.#leftover = chunk.subarray(want);
        return chunk.subarray(0, want);
      }
      block ??= new Uint8Array(length);
      const take = Math.min(want, chunk.length);
      block.set(chunk.subarray(0, take), filled);
      filled += take;
      if (chunk.length > take) this.#leftover = chunk.subarray(take);
    }
    return block!;
  }

  /** Stops reading; the backend's stream is cancelled. */
  close(): void {
    void this.#reader.cancel().catch(() => undefined);
  }

  async #readChunk(): Promise<Uint8Array | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const stalled = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new StorageError('UNAVAILABLE', `${this.backend.id} sent nothing for ${this.#stallMs} ms`)),
        this.#stallMs,
      );
    });
    try {
      const { done, value } = await Promise.race([this.#reader.read(), stalled]);
      return done ? undefined : value;
    } catch (error) {
      if (error instanceof StorageError) throw error;
      throw new StorageError('UNAVAILABLE', `${this.backend.id} failed while sending`, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }
}

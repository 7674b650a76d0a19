import { type LocalFileRange, type ObjectBackend } from '../backend.js';
import { StorageError, isStorageError } from '../errors.js';
import { type BlockHashing, type HashedBlocks } from './block-hashing.js';

/** What `BlockSource.readHashed` found: the bytes and their block hashes, or why the copy failed. */
export type HashedRead = { readonly hashed: HashedBlocks } | { readonly readError: StorageError };

/**
 * Reads exact runs of bytes, one after the other, from one backend's stream of a block-aligned
 * range, each into a buffer of its own.
 *
 * Owning each buffer is what lets a verified read hand its blocks to a hashing worker by transfer,
 * without a copy: nobody else can be holding a view of memory this class allocated. From a byte
 * stream (the filesystem backend's) the bytes are read straight into that buffer (a BYOB reader);
 * from any other stream (S3's chunks of a few KiB) they are gathered into it. When the backend
 * says where its stream comes from (`ObjectRead.localFile`) and the hashing can read files,
 * `readHashed` has the hashing threads read the file themselves, several runs at once.
 */
export class BlockSource {
  readonly backend: ObjectBackend;
  readonly #byob: ReadableStreamBYOBReader | undefined;
  readonly #chunks: ReadableStreamDefaultReader<Uint8Array> | undefined;
  readonly #stallMs: number;
  readonly #localFile: LocalFileRange | undefined;
  /** File reads handed to the hashing threads and not settled yet: the file stays open for them. */
  readonly #fileReads = new Set<Promise<unknown>>();
  #leftover: Uint8Array | undefined;
  /** Bytes handed out so far, by either way of reading: where the next run starts. */
  #consumed = 0;
  #closed = false;

  constructor(backend: ObjectBackend, body: ReadableStream<Uint8Array>, stallMs: number, localFile?: LocalFileRange) {
    this.backend = backend;
    this.#stallMs = stallMs;
    this.#localFile = localFile;
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
    const bytes = await (this.#byob === undefined ? this.#gather(length) : this.#readInto(this.#byob, length));
    this.#consumed += length;
    return bytes;
  }

  /** True when `readHashed` with `hashing` reads the file on the hashing threads, runs at once. */
  readsFileWith(hashing: BlockHashing): boolean {
    return this.#localFile !== undefined && hashing.readAndHashBlocks !== undefined;
  }

  /**
   * The next `length` bytes and the SHA-256 of each `blockSize` block of them, read and hashed by
   * `hashing`'s threads (`readsFileWith(hashing)` must be true). Unlike `read`, several may run at
   * once: each takes its place in the file when called, and settles in any order.
   *
   * Resolves with `readError` when the copy failed (INTEGRITY if the file is shorter than recorded,
   * UNAVAILABLE if it could not be read or the read stalled).
   *
   * @throws {StorageError} INTERNAL or ABORTED when the hashing failed: the store's failure, not
   *   the copy's.
   */
  readHashed(length: number, blockSize: number, hashing: BlockHashing): Promise<HashedRead> {
    const file = this.#localFile!;
    const position = file.start + this.#consumed;
    if (this.#closed || position + length > file.end) {
      return Promise.reject(new StorageError('INTERNAL', `a read of ${this.backend.id} asked for bytes past its range, or after it was closed`));
    }
    this.#consumed += length;
    // The stall timeout is the hashing's to apply: only it knows when the read has started.
    const job = hashing.readAndHashBlocks!({ fd: file.fd, position, length }, blockSize, this.#stallMs);
    this.#fileReads.add(job);
    const forget = () => this.#fileReads.delete(job);
    job.then(forget, forget);
    return job.then(
      (hashed): HashedRead => (hashed.bytes.length < length ? { readError: this.#short() } : { hashed }),
      (error: unknown): HashedRead => {
        // UNAVAILABLE is the copy's failure (the file could not be read, or stalled); anything else is the hashing's.
        if (!isStorageError(error, 'UNAVAILABLE')) throw error;
        return { readError: new StorageError('UNAVAILABLE', `${this.backend.id} failed while sending: ${error.message}`, { cause: error }) };
      },
    );
  }

  /**
   * Stops reading; the backend's stream is cancelled, which closes its file, once every file read
   * still running on a hashing thread has settled.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const cancel = () => void (this.#byob ?? this.#chunks)!.cancel().catch(() => undefined);
    if (this.#fileReads.size === 0) cancel();
    else void Promise.allSettled(this.#fileReads).then(cancel);
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

import { read as readFile } from 'node:fs';
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
 * without a copy: nobody else can be holding a view of memory this class allocated. When the
 * backend says where its stream comes from (`ObjectRead.localFile`, the filesystem backend), the
 * bytes are read from that file by position, straight into the buffer, one `fs.read` per run,
 * sparing the main thread the stream's machinery on every run (a BYOB pull, a file-handle promise,
 * two buffer transfers; docs/benchmarks.md, "Replicated storage", session 4). From any other
 * byte stream they are read into the buffer with a BYOB reader; from other streams
 * (S3's chunks of a few KiB) they are gathered into it. When the hashing can read files,
 * `readHashed` has the hashing threads read the local file themselves, several runs at once.
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
   *   UNAVAILABLE if no data comes for the stall timeout, or the stream fails; ABORTED once
   *   closed, for a local file (whose descriptor may then be closed).
   */
  async read(length: number): Promise<Uint8Array> {
    let bytes: Promise<Uint8Array>;
    if (this.#localFile !== undefined) bytes = this.#readFile(this.#localFile, length);
    else if (this.#byob !== undefined) bytes = this.#readInto(this.#byob, length);
    else bytes = this.#gather(length);
    const read = await bytes;
    this.#consumed += length;
    return read;
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
    this.#keepFileOpenFor(job);
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
   * Stops reading; the backend's stream is cancelled, which closes its file, once every read of
   * that file still running (on this process's thread pool or a hashing thread) has returned.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const cancel = () => void (this.#byob ?? this.#chunks)!.cancel().catch(() => undefined);
    if (this.#fileReads.size === 0) cancel();
    else void Promise.allSettled(this.#fileReads).then(cancel);
  }

  /**
   * `length` bytes of the local file from where the last run ended. The buffer is not zeroed
   * first: it leaves this method only once every byte of it has been read from the file, and is
   * dropped otherwise (the reads' error, or INTEGRITY for a short file), so no byte of whatever
   * memory it reuses can be handed on. Zeroing took this thread ~0.1 CPU s per GiB read (a
   * profile in docs/benchmarks.md, session 4), in the middle of the chain of sequential reads.
   */
  async #readFile(file: LocalFileRange, length: number): Promise<Uint8Array> {
    if (this.#closed) throw new StorageError('ABORTED', `the read of ${this.backend.id} was closed`);
    const position = file.start + this.#consumed;
    if (position + length > file.end) throw this.#short();
    const bytes = new Uint8Array(Buffer.allocUnsafeSlow(length).buffer);
    let filled = 0;
    while (filled < length) {
      const bytesRead = await this.#withinStall(this.#readAt(file.fd, bytes, filled, position + filled));
      if (bytesRead === 0) throw this.#short();
      filled += bytesRead;
    }
    return bytes;
  }

  /** One `pread` into `bytes` from `offset` on; the file stays open until it has returned, stalled or not. */
  #readAt(fd: number, bytes: Uint8Array, offset: number, position: number): Promise<number> {
    const read = new Promise<number>((resolve, reject) => {
      readFile(fd, bytes, offset, bytes.length - offset, position, (error, bytesRead) => (error === null ? resolve(bytesRead) : reject(error)));
    });
    this.#keepFileOpenFor(read);
    return read;
  }

  #keepFileOpenFor(read: Promise<unknown>): void {
    this.#fileReads.add(read);
    const forget = () => this.#fileReads.delete(read);
    read.then(forget, forget);
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

  /**
   * `read`, unless the backend sends nothing for the stall timeout; stream failures become
   * UNAVAILABLE. One promise and one timer per read (not a race of two promises in an async
   * function): this runs for every run of every verified read.
   */
  #withinStall<T>(read: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new StorageError('UNAVAILABLE', `${this.backend.id} sent nothing for ${this.#stallMs} ms`)), this.#stallMs);
      read.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error instanceof StorageError ? error : new StorageError('UNAVAILABLE', `${this.backend.id} failed while sending`, { cause: error }));
        },
      );
    });
  }

  #short(): StorageError {
    return new StorageError('INTEGRITY', `${this.backend.id} holds a copy shorter than recorded`);
  }
}

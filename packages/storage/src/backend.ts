import { type ByteRange, type ObjectId } from './object-id.js';

/**
 * One place that stores opaque, content-addressed objects: a directory, an S3 bucket. The store
 * above replicates across several of them; a backend knows nothing of replicas or placements.
 *
 * Bodies are web `ReadableStream<Uint8Array>`s, the type the client-side crypto produces and that
 * runs in browsers and Node alike; Node streams convert with `webStreamFromNode`. Chunks handed to
 * `put` may be shared with other backends and must not be modified.
 *
 * Every implementation passes `describeBackendContract` (test/contract.ts), which pins down the
 * guarantees below.
 */
export interface ObjectBackend {
  /** Stable name, unique in a deployment; placement records refer to backends by it. */
  readonly id: string;
  /** Where the bytes legally live; the store never puts two copies in one jurisdiction. */
  readonly jurisdiction: string;

  /**
   * Stores `body` under `key`, atomically: the object is either absent or complete and verified,
   * never partial, including to a concurrent `get`/`head`/`list` and after a crash. Writing an
   * existing key replaces it (with the same bytes, since keys are content hashes); this is how
   * repair overwrites a corrupt copy. Resolves once the object is durable.
   *
   * The body is always consumed or cancelled, whatever the outcome.
   *
   * @throws {StorageError} INTEGRITY if the bytes do not hash to `key` or their length is not
   *   `options.size` (nothing is stored); ABORTED if `options.signal` fires first (nothing is
   *   stored); UNAVAILABLE if the backend fails; INVALID_INPUT for a malformed key or size.
   */
  put(key: ObjectId, body: ReadableStream<Uint8Array>, options: PutOptions): Promise<void>;

  /**
   * Reads an object, or `options.range` of it. Resolves once the backend has answered, so a
   * missing object or a dead backend shows up here rather than midway through the body. Bytes are
   * returned as stored: checking them against the key is the caller's business.
   *
   * @throws {StorageError} NOT_FOUND; INVALID_INPUT for a range beyond the object's end;
   *   ABORTED; UNAVAILABLE.
   */
  get(key: ObjectId, options?: GetOptions): Promise<ObjectRead>;

  /**
   * The size of a stored object and when it was written. Garbage collection reads the time to
   * leave young unreferenced copies alone: they may belong to a write still in progress.
   *
   * @throws {StorageError} NOT_FOUND; UNAVAILABLE.
   */
  head(key: ObjectId): Promise<ObjectStat>;

  /**
   * Removes an object; removing an absent one succeeds, so retries and concurrent deletes are safe.
   *
   * @throws {StorageError} UNAVAILABLE.
   */
  delete(key: ObjectId): Promise<void>;

  /**
   * One page of stored keys in ascending order, for scrubbing and garbage collection. Pass the
   * returned `next` as `after` to continue; no `next` means the listing is complete.
   *
   * @throws {StorageError} UNAVAILABLE; INVALID_INPUT for a malformed cursor or limit.
   */
  list(options?: ListOptions): Promise<ListPage>;
}

export interface PutOptions {
  /** Exact length of the body in bytes. */
  readonly size: number;
  readonly signal?: AbortSignal;
  /**
   * The caller has already checked the body against the key the way `verifiedBody` does, holding
   * its last chunk back until the hash matched, so the backend need not hash it again (it still
   * checks the length). The replicated store sets this: it hashes a body once, not once per copy.
   */
  readonly verified?: boolean;
}

export interface GetOptions {
  /** Which bytes to read; the whole object when absent. */
  readonly range?: ByteRange;
  /** Gives up waiting for the backend's answer; once `get` has resolved, cancel the body instead. */
  readonly signal?: AbortSignal;
}

export interface ObjectInfo {
  /** Size of the whole stored object in bytes. */
  readonly size: number;
}

export interface ObjectStat extends ObjectInfo {
  /** When the stored object was last written, by the backend's clock (file mtime, S3 Last-Modified). */
  readonly modifiedAt: Date;
}

export interface ObjectRead extends ObjectInfo {
  /** The requested bytes (the range, or the whole object). Cancel it when done early. */
  readonly body: ReadableStream<Uint8Array>;
  /**
   * Set by backends whose body is a range of a file open in this process (the filesystem
   * backend): where that file can be read directly, by position, from any thread.
   */
  readonly localFile?: LocalFileRange;
}

/**
 * Bytes `start` to `end` (exclusive) of a file open as descriptor `fd`: the same bytes as the body.
 *
 * The descriptor belongs to the body: it stays open until the body has been read to its end, has
 * failed or has been cancelled, and is closed then. A reader may read the range positionally
 * (`pread`, e.g. `fs.readSync(fd, buffer, offset, length, position)`) instead of pulling the body,
 * from the main thread or a worker thread, and may mix both as long as it keeps track of the
 * position itself (the body moves on only by what is pulled from it). It must not read once the
 * body is done, and must cancel the body only after its last read has returned: a closed
 * descriptor's number is soon reused for another file.
 */
export interface LocalFileRange {
  readonly fd: number;
  readonly start: number;
  readonly end: number;
}

/** Largest page `list` returns; S3's own limit. */
export const MAX_LIST_LIMIT = 1000;

export interface ListOptions {
  /** Only keys strictly greater than this one: the `next` of the previous page. */
  readonly after?: ObjectId;
  /** Keys per page, 1 to MAX_LIST_LIMIT (the default). */
  readonly limit?: number;
}

export interface ListPage {
  readonly keys: readonly ObjectId[];
  /** Cursor for the following page; absent on the last page. */
  readonly next?: ObjectId;
}

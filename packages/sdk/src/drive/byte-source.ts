// What an upload reads from. Sources in memory, Blobs and Files can be read anywhere (and so an
// upload from them can resume); a ReadableStream can only be read once, front to back.
import { DriveError } from './drive-error.js';

/** The bytes to upload, and what is known about them. */
export interface ByteSource {
  /** Exact length in bytes. */
  readonly size: number;
  /** Last modification time (ms since 1970), when known: recorded in the metadata and compared on resume. */
  readonly mtime: number | null;
  /** IANA media type, when known. */
  readonly mediaType: string | null;
  /** True when `read` accepts any range in any order: required to resume an upload. */
  readonly randomAccess: boolean;
  /**
   * Bytes [start, end), exactly. A source that is not random-access requires every read to start
   * where the previous one ended.
   * @throws DriveError SOURCE_CHANGED when fewer bytes exist than announced.
   */
  read(start: number, end: number): Promise<Uint8Array>;
  /**
   * Optional: fills `target` with the bytes from `start` on (same rules as `read`), so that a
   * reader can reuse one buffer instead of allocating one per read. Resolves with the filled bytes:
   * the same memory as `target`, but possibly through a new ArrayBuffer (a byte stream reading into
   * `target` transfers its buffer, which leaves `target` detached), so use the result from then on.
   */
  readInto?(target: Uint8Array, start: number): Promise<Uint8Array>;
  /** Releases what the source holds (a file handle). */
  close?(): Promise<void>;
}

/** Optional facts about a source. */
export interface SourceInfo {
  mtime?: number | null;
  mediaType?: string | null;
}

/** A source over bytes in memory. */
export function bytesSource(bytes: Uint8Array, info: SourceInfo = {}): ByteSource {
  return {
    size: bytes.length,
    mtime: info.mtime ?? null,
    mediaType: info.mediaType ?? null,
    randomAccess: true,
    read: async (start, end) => bytes.subarray(start, end),
  };
}

/**
 * A source over a Blob or a File (browsers, and Node's Blob): random access through `slice`.
 * `readInto` reads a slice's byte stream straight into the caller's buffer: `arrayBuffer()` would
 * hand out a fresh buffer per read, and in Chromium the fresh pages of an 8 MiB part cost the
 * upload worker more than the copy itself (200 MB: about 1.8 CPU s through `arrayBuffer()`,
 * 1.0 into one reused buffer).
 */
export function blobSource(blob: Blob, info: SourceInfo = {}): ByteSource {
  const file = blob as Blob & { lastModified?: number };
  const shorter = () => new DriveError('SOURCE_CHANGED', 'The file is shorter than when the upload started.');
  return {
    size: blob.size,
    mtime: info.mtime ?? file.lastModified ?? null,
    mediaType: info.mediaType ?? (blob.type || null),
    randomAccess: true,
    read: async (start, end) => {
      const bytes = new Uint8Array(await blob.slice(start, end).arrayBuffer());
      if (bytes.length !== end - start) throw shorter();
      return bytes;
    },
    readInto: async (target, start) => {
      // Each read transfers the buffer, after which views of the old one read as empty: keep the
      // latest buffer, and the offsets as numbers.
      const { byteOffset, length } = target;
      let buffer = target.buffer as ArrayBuffer;
      let filled = 0;
      const reader = blob.slice(start, start + length).stream().getReader({ mode: 'byob' });
      try {
        while (filled < length) {
          const { done, value } = await reader.read(new Uint8Array(buffer, byteOffset + filled, length - filled));
          if (done || value === undefined) throw shorter();
          buffer = value.buffer;
          filled += value.length;
        }
        return new Uint8Array(buffer, byteOffset, length);
      } finally {
        await reader.cancel().catch(() => undefined);
      }
    },
  };
}

/**
 * A source over a stream of exactly `size` bytes, read front to back once (an upload from it
 * cannot be resumed: nothing can be read again).
 */
export function streamSource(stream: ReadableStream<Uint8Array>, size: number, info: SourceInfo = {}): ByteSource {
  const reader = stream.getReader();
  let position = 0;
  let pending: Uint8Array = new Uint8Array(0);
  return {
    size,
    mtime: info.mtime ?? null,
    mediaType: info.mediaType ?? null,
    randomAccess: false,
    read: async (start, end) => {
      if (start !== position) throw new TypeError(`a stream source reads front to back (asked for ${start}, at ${position})`);
      const out = new Uint8Array(end - start);
      let filled = 0;
      while (filled < out.length) {
        if (pending.length === 0) {
          const { done, value } = await reader.read();
          if (done) throw new DriveError('SOURCE_CHANGED', `The stream ended after ${position + filled} of ${size} bytes.`);
          pending = value;
        }
        const take = Math.min(pending.length, out.length - filled);
        out.set(pending.subarray(0, take), filled);
        pending = pending.subarray(take);
        filled += take;
      }
      position = end;
      return out;
    },
    close: async () => {
      await reader.cancel().catch(() => undefined);
    },
  };
}

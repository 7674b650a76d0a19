import { randomBytes } from 'node:crypto';
import { type FileHandle, open, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { abortError, raceAbort, throwIfAborted } from '../abort.js';
import {
  type GetOptions,
  type ListOptions,
  type ListPage,
  type ObjectBackend,
  type ObjectRead,
  type ObjectStat,
  type PutOptions,
} from '../backend.js';
import { StorageError } from '../errors.js';
import { resolveListOptions } from '../list-options.js';
import { type ObjectId, assertObjectId, assertObjectSize, assertRangeWithin, isObjectId } from '../object-id.js';
import { verifiedBody } from '../verified-body.js';
import { makeDurableDirectory, syncDirectory } from './durable-directories.js';
import { fileRangeStream } from './file-range-stream.js';
import { objectPath, objectsDirectory, temporaryDirectory } from './layout.js';

export interface FileSystemBackendOptions {
  readonly id: string;
  readonly jurisdiction: string;
  /** Directory owned by this backend; created if missing. */
  readonly root: string;
  /** Bytes per disk read when streaming an object out; default 1 MiB. */
  readonly readChunkSize?: number;
}

const DEFAULT_READ_CHUNK = 1024 * 1024;
const FAN_OUT = /^[0-9a-f]{2}$/;

/**
 * Objects as files in a local directory (a disk, a mounted volume). A write goes to a temporary
 * file in the same filesystem, is verified and fsynced, then renamed into place and the directory
 * synced, so an object is either absent or complete, even across a crash or power loss.
 */
export class FileSystemBackend implements ObjectBackend {
  readonly id: string;
  readonly jurisdiction: string;
  readonly root: string;
  readonly #readChunkSize: number;

  constructor(options: FileSystemBackendOptions) {
    this.id = options.id;
    this.jurisdiction = options.jurisdiction;
    this.root = path.resolve(options.root);
    this.#readChunkSize = options.readChunkSize ?? DEFAULT_READ_CHUNK;
  }

  async put(key: ObjectId, body: ReadableStream<Uint8Array>, options: PutOptions): Promise<void> {
    const { size, signal } = options;
    let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
    let handle: FileHandle | undefined;
    let temporary: string | undefined;
    // A pending read does not notice an abort by itself; cancelling the reader ends it.
    const onAbort = (): void => void reader?.cancel(signal?.reason).catch(() => undefined);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      assertObjectId(key);
      assertObjectSize(size);
      throwIfAborted(signal);
      reader = verifiedBody(body, key, size, { checkHash: options.verified !== true }).getReader();
      // Created on every write, not once: a backend whose directory was wiped (a seized disk being
      // refilled by repair) must work again without a restart.
      await makeDurableDirectory(temporaryDirectory(this.root));
      temporary = path.join(temporaryDirectory(this.root), `${key}.${randomBytes(8).toString('hex')}.partial`);
      handle = await open(temporary, 'wx');
      for (;;) {
        const { done, value } = await reader.read();
        throwIfAborted(signal);
        if (done) break;
        await writeFully(handle, value);
      }
      await handle.sync();
      await handle.close();
      handle = undefined;
      const destination = objectPath(this.root, key);
      await makeDurableDirectory(path.dirname(destination));
      throwIfAborted(signal);
      await rename(temporary, destination);
      temporary = undefined;
      await syncDirectory(path.dirname(destination));
    } catch (error) {
      if (reader === undefined) await body.cancel(error).catch(() => undefined);
      else await reader.cancel(error).catch(() => undefined);
      await handle?.close().catch(() => undefined);
      if (temporary !== undefined) await rm(temporary, { force: true });
      if (signal?.aborted) throw abortError(signal);
      // Only the disk can fail here (a missing directory included): never NOT_FOUND on a write.
      throw error instanceof StorageError ? error : diskFailure(error);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async get(key: ObjectId, options: GetOptions = {}): Promise<ObjectRead> {
    assertObjectId(key);
    throwIfAborted(options.signal);
    return raceAbort(this.#openObject(key, options), options.signal, (read) => void read.body.cancel());
  }

  async head(key: ObjectId): Promise<ObjectStat> {
    assertObjectId(key);
    try {
      const { size, mtime } = await stat(objectPath(this.root, key));
      return { size, modifiedAt: mtime };
    } catch (error) {
      throw fileError(error);
    }
  }

  async delete(key: ObjectId): Promise<void> {
    assertObjectId(key);
    const file = objectPath(this.root, key);
    try {
      await unlink(file);
      await syncDirectory(path.dirname(file));
    } catch (error) {
      if (isMissing(error)) return;
      throw fileError(error);
    }
  }

  async list(options?: ListOptions): Promise<ListPage> {
    const { after, limit } = resolveListOptions(options);
    const keys: ObjectId[] = [];
    try {
      // Keys sort like their fan-out path, so a sorted walk that skips directories wholly before
      // the cursor yields keys in order, touching only the directories this page needs.
      for (const first of await sortedEntries(objectsDirectory(this.root), FAN_OUT)) {
        if (after !== undefined && first < after.slice(0, 2)) continue;
        const firstDir = path.join(objectsDirectory(this.root), first);
        for (const second of await sortedEntries(firstDir, FAN_OUT)) {
          if (after !== undefined && first + second < after.slice(0, 4)) continue;
          for (const name of await sortedEntries(path.join(firstDir, second), isObjectIdName)) {
            if (after !== undefined && name <= after) continue;
            if (keys.length === limit) return { keys, next: keys[keys.length - 1] };
            keys.push(name);
          }
        }
      }
      return { keys };
    } catch (error) {
      throw fileError(error);
    }
  }

  async #openObject(key: ObjectId, options: GetOptions): Promise<ObjectRead> {
    let handle: FileHandle | undefined;
    try {
      handle = await open(objectPath(this.root, key), 'r');
      const { size } = await handle.stat();
      const range = options.range ?? { offset: 0, length: size };
      if (options.range !== undefined) assertRangeWithin(options.range, size);
      const end = range.offset + range.length;
      const body = fileRangeStream(handle, range.offset, end, this.#readChunkSize);
      return { size, body, localFile: { fd: handle.fd, start: range.offset, end } };
    } catch (error) {
      await handle?.close().catch(() => undefined);
      throw fileError(error);
    }
  }
}

async function writeFully(handle: FileHandle, chunk: Uint8Array): Promise<void> {
  for (let written = 0; written < chunk.length; ) {
    const { bytesWritten } = await handle.write(chunk, written, chunk.length - written);
    written += bytesWritten;
  }
}

async function sortedEntries(directory: string, accept: RegExp | ((name: string) => boolean)): Promise<string[]> {
  try {
    const names = await readdir(directory);
    const test = typeof accept === 'function' ? accept : (name: string) => accept.test(name);
    return names.filter(test).sort();
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
}

function isObjectIdName(name: string): boolean {
  return isObjectId(name);
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/** Maps a filesystem error to the store's codes: a missing file is NOT_FOUND, anything else a failing disk. */
function fileError(error: unknown): StorageError {
  if (error instanceof StorageError) return error;
  if (isMissing(error)) return new StorageError('NOT_FOUND', 'no such object', { cause: error });
  return diskFailure(error);
}

function diskFailure(error: unknown): StorageError {
  const message = error instanceof Error ? error.message : String(error);
  return new StorageError('UNAVAILABLE', `filesystem: ${message}`, { cause: error });
}

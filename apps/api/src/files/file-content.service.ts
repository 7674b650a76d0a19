import { type Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { isStorageError } from '@coffre/storage/errors';
import { type OpenedStorage } from '@coffre/storage/open-storage';
import { AppError } from '../errors/app-error.js';
import { STORAGE } from '../storage/storage.tokens.js';
import { parseRange } from './byte-range.js';
import { ENCRYPTED_AS_HEADER, VERSION_HEADER } from './content-headers.js';
import { FileVersionsRepository, type FileVersionWithParts } from './file-versions.repository.js';
import { type OpenSlice, type PartSlice, PartsStream } from './parts-stream.js';

/** A content answer, ready to send: status, headers and the ciphertext as a stream. */
export interface FileContent {
  readonly status: 200 | 206;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Readable;
}


/**
 * Serves the ciphertext of file versions, whole or one byte range, straight from the replicated
 * store: the range is mapped onto the version's parts, and each part's slice is read with the
 * store's verified, failing-over reads. Bytes that fail verification on every copy end the
 * response with an error; wrong bytes are never sent. Access checks are the caller's: the
 * drive's routes check the account, the links' routes the link.
 */
@Injectable()
export class FileContentService {
  constructor(
    private readonly versions: FileVersionsRepository,
    @Inject(STORAGE) private readonly storage: OpenedStorage,
  ) {}

  /**
   * Opens committed version `version` (or the newest, 'current') of file `nodeId` for the `Range`
   * header `range` (undefined: all of it).
   * @throws AppError NOT_FOUND (no such committed version); RANGE_NOT_SATISFIABLE (with a
   *   `content-range` header naming the size) for anything but one satisfiable range;
   *   DEPENDENCY_UNAVAILABLE when no copy of the first part can be read.
   */
  async open(nodeId: string, version: number | 'current', range: string | undefined): Promise<FileContent> {
    const found = await this.versions.findCommitted(nodeId, version);
    if (found === null) throw new AppError('NOT_FOUND', `no committed version ${version} of ${nodeId}`, { publicMessage: 'No such file version.' });
    const size = Number(found.ciphertextSize);
    const wanted = parseRange(range, size);
    if (wanted === 'unsatisfiable') {
      throw new AppError('RANGE_NOT_SATISFIABLE', `range ${JSON.stringify(range)} of ${size} bytes`, {
        headers: { 'content-range': `bytes */${size}` },
        details: { size },
      });
    }
    const first = wanted?.first ?? 0;
    const last = wanted?.last ?? size - 1;
    const slices = slicesOf(found, first, last);
    const open: OpenSlice = async (slice) => {
      try {
        return (await this.storage.store.get(slice.objectId, { range: { offset: slice.offset, length: slice.length } })).body;
      } catch (error) {
        if (isStorageError(error, 'UNAVAILABLE') || isStorageError(error, 'NOT_FOUND')) {
          throw new AppError('DEPENDENCY_UNAVAILABLE', `part ${slice.objectId} of ${found.id} unreadable: ${error.message}`, { cause: error });
        }
        throw error;
      }
    };
    const firstBody = slices.length === 0 ? emptyStream() : await open(slices[0]!);
    return {
      status: wanted === undefined ? 200 : 206,
      headers: {
        'content-type': 'application/octet-stream',
        'content-length': String(last - first + 1),
        'accept-ranges': 'bytes',
        // The version row's id: a number may come back after a restore, a row id never does.
        etag: `"${found.id}"`,
        'cache-control': 'private, no-store',
        [VERSION_HEADER]: String(found.number),
        [ENCRYPTED_AS_HEADER]: String(found.encryptedAs),
        ...(wanted === undefined ? {} : { 'content-range': `bytes ${first}-${last}/${size}` }),
      },
      body: new PartsStream(firstBody, slices, open),
    };
  }
}

/** The slices of the version's parts that hold bytes `first` to `last` (inclusive). */
export function slicesOf(version: Pick<FileVersionWithParts, 'partSize' | 'parts'>, first: number, last: number): PartSlice[] {
  if (last < first) return [];
  const slices: PartSlice[] = [];
  const { partSize } = version;
  for (let n = Math.floor(first / partSize); n <= Math.floor(last / partSize); n += 1) {
    const part = version.parts[n];
    if (part === undefined || part.n !== n) throw new Error(`version lacks part ${n}`);
    const start = n * partSize;
    const from = Math.max(first, start) - start;
    const to = Math.min(last, start + part.size - 1) - start;
    slices.push({ objectId: part.objectId, offset: from, length: to - from + 1 });
  }
  return slices;
}

function emptyStream(): ReadableStream<Uint8Array> {
  return new ReadableStream({ start: (controller) => controller.close() });
}

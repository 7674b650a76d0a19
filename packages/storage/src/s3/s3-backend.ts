import { Readable } from 'node:stream';
import { type ReadableStream as NodeWebReadableStream } from 'node:stream/web';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { throwIfAborted } from '../abort.js';
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
import { type ObjectId, assertObjectId, assertObjectSize, isObjectId } from '../object-id.js';
import { webStreamFromNode } from '../node-streams.js';
import { sliceStream } from '../slice-stream.js';
import { verifiedBody } from '../verified-body.js';
import { s3Error } from './s3-errors.js';

export interface S3BackendOptions {
  readonly id: string;
  readonly jurisdiction: string;
  /** A client from `createS3Client`; the caller owns it (and destroys it at shutdown). */
  readonly client: S3Client;
  readonly bucket: string;
  /** Prepended to every key, e.g. `coffre/`, so that a bucket can be shared; default none. */
  readonly prefix?: string;
  /** Objects larger than this go up as multipart uploads; default 64 MiB. */
  readonly multipartThreshold?: number;
  /** Part size of multipart uploads; default 8 MiB (S3's minimum is 5 MiB). */
  readonly partSize?: number;
  /** Parts uploaded at once; memory is about `partSize` times this, per upload. Default 2. */
  readonly partConcurrency?: number;
}

const MIB = 1024 * 1024;
const CONTENT_RANGE = /^bytes (\d+)-(\d+)\/(\d+)$/;

/** The bytes a GET response holds: its Content-Range, or the whole object when there is none. */
function servedRange(contentRange: string | undefined, contentLength: number | undefined): { first: number; last: number; size: number } | undefined {
  if (contentRange === undefined) {
    return contentLength === undefined ? undefined : { first: 0, last: contentLength - 1, size: contentLength };
  }
  const match = CONTENT_RANGE.exec(contentRange);
  return match === null ? undefined : { first: Number(match[1]), last: Number(match[2]), size: Number(match[3]) };
}

/**
 * Objects in an S3 bucket. S3 commits a PUT, and a multipart upload's completion, atomically, so
 * an object is never visible partially; the body is verified while it streams (`verifiedBody`
 * holds back its last bytes until the hash matches), so a wrong body never completes.
 *
 * Small objects go up as one streaming PUT with a known length, signed with the object's SHA-256
 * as payload hash: S3 itself then refuses a body that does not match. Larger ones use multipart
 * upload, buffering only `partSize * partConcurrency` bytes.
 */
export class S3Backend implements ObjectBackend {
  readonly id: string;
  readonly jurisdiction: string;
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;
  readonly #multipartThreshold: number;
  readonly #partSize: number;
  readonly #partConcurrency: number;

  constructor(options: S3BackendOptions) {
    this.id = options.id;
    this.jurisdiction = options.jurisdiction;
    this.#client = options.client;
    this.#bucket = options.bucket;
    this.#prefix = options.prefix ?? '';
    this.#multipartThreshold = options.multipartThreshold ?? 64 * MIB;
    this.#partSize = options.partSize ?? 8 * MIB;
    this.#partConcurrency = options.partConcurrency ?? 2;
  }

  async put(key: ObjectId, body: ReadableStream<Uint8Array>, options: PutOptions): Promise<void> {
    const { size, signal } = options;
    // The SDK does not always cancel a body it stopped reading; this makes sure the caller's is.
    const release = new AbortController();
    // HTTP clients report a failing body as a vague network error; keep the body's own error.
    let bodyFailure: StorageError | undefined;
    try {
      assertObjectId(key);
      assertObjectSize(size);
      throwIfAborted(signal);
      const verified = verifiedBody(body, key, size, {
        release: signal === undefined ? release.signal : AbortSignal.any([signal, release.signal]),
        onFailure: (error) => (bodyFailure ??= error),
        checkHash: options.verified !== true,
      });
      if (size <= this.#multipartThreshold) await this.#putSingle(key, verified, size, signal);
      else await this.#putMultipart(key, verified, size, signal);
    } catch (error) {
      if (body.locked) release.abort(error);
      else await body.cancel(error).catch(() => undefined);
      throw s3Error(bodyFailure ?? error, signal);
    }
  }

  async get(key: ObjectId, options: GetOptions = {}): Promise<ObjectRead> {
    assertObjectId(key);
    const { range, signal } = options;
    throwIfAborted(signal);
    try {
      const output = await this.#client.send(
        new GetObjectCommand({
          Bucket: this.#bucket,
          Key: this.#key(key),
          // Always an explicit first-last range: some S3-compatible servers answer suffix ranges wrongly.
          ...(range === undefined ? {} : { Range: `bytes=${range.offset}-${range.offset + range.length - 1}` }),
        }),
        { abortSignal: signal },
      );
      const body = webStreamFromNode(output.Body as Readable);
      if (range === undefined) return { size: output.ContentLength ?? 0, body };
      // HTTP lets a server answer a range request with more than was asked (the whole object, or a
      // wider range; some S3-compatible servers do so for `bytes=0-0`): cut out the part we want.
      const served = servedRange(output.ContentRange, output.ContentLength);
      const last = range.offset + range.length - 1;
      if (served === undefined || served.first > range.offset || served.last < last) {
        await body.cancel();
        throw new StorageError('UNAVAILABLE', `s3 answered ${output.ContentRange ?? 'without a range'} to bytes=${range.offset}-${last}`);
      }
      const exact = served.first === range.offset && served.last === last;
      return { size: served.size, body: exact ? body : sliceStream(body, range.offset - served.first, range.length) };
    } catch (error) {
      throw s3Error(error, signal);
    }
  }

  async head(key: ObjectId): Promise<ObjectStat> {
    assertObjectId(key);
    try {
      const output = await this.#client.send(new HeadObjectCommand({ Bucket: this.#bucket, Key: this.#key(key) }));
      // Every S3-compatible service sends Last-Modified; without it, the object counts as new, so
      // that garbage collection errs on the side of keeping it.
      return { size: output.ContentLength ?? 0, modifiedAt: output.LastModified ?? new Date() };
    } catch (error) {
      throw s3Error(error);
    }
  }

  async delete(key: ObjectId): Promise<void> {
    assertObjectId(key);
    try {
      await this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: this.#key(key) }));
    } catch (error) {
      throw s3Error(error);
    }
  }

  async list(options?: ListOptions): Promise<ListPage> {
    const { after, limit } = resolveListOptions(options);
    try {
      // ListObjects (v1) rather than v2: our cursor is a key, which is exactly v1's Marker, and v1
      // paginates the same on every S3-compatible service (some cannot mint v2 continuation tokens).
      const output = await this.#client.send(
        new ListObjectsCommand({
          Bucket: this.#bucket,
          Prefix: this.#prefix,
          MaxKeys: limit,
          ...(after === undefined ? {} : { Marker: this.#key(after) }),
        }),
      );
      const names = (output.Contents ?? []).map((entry) => (entry.Key ?? '').slice(this.#prefix.length));
      const keys = names.filter((name) => isObjectId(name));
      const last = names[names.length - 1];
      // The cursor is the last name S3 returned, even if it is not an object of ours, so that a
      // page of foreign keys still moves the listing forward.
      return output.IsTruncated === true && last !== undefined && isObjectId(last) ? { keys, next: last } : { keys };
    } catch (error) {
      throw s3Error(error);
    }
  }

  #key(key: ObjectId): string {
    return this.#prefix + key;
  }

  async #putSingle(key: ObjectId, body: ReadableStream<Uint8Array>, size: number, signal: AbortSignal | undefined): Promise<void> {
    // A failing body must end the request, or the HTTP client waits for the missing bytes until
    // its timeout.
    const request = new AbortController();
    const nodeBody = Readable.fromWeb(body as NodeWebReadableStream<Uint8Array>).on('error', (error) => request.abort(error));
    const command = new PutObjectCommand({
      Bucket: this.#bucket,
      Key: this.#key(key),
      Body: size === 0 ? new Uint8Array(0) : nodeBody,
      ContentLength: size,
      ContentType: 'application/octet-stream',
    });
    // Signing the payload with its real SHA-256, which is the key, makes the service check the
    // body itself (a mismatch is refused with XAmzContentSHA256Mismatch) instead of UNSIGNED-PAYLOAD.
    command.middlewareStack.add(
      (next) => async (args) => {
        const httpRequest = args.request as { headers?: Record<string, string> };
        if (httpRequest.headers !== undefined) httpRequest.headers['x-amz-content-sha256'] = key;
        return next(args);
      },
      { step: 'build', name: 'coffreSignedPayloadHash' },
    );
    if (size === 0) await drainEmpty(nodeBody);
    const abortSignal = signal === undefined ? request.signal : AbortSignal.any([signal, request.signal]);
    await this.#client.send(command, { abortSignal });
  }

  async #putMultipart(key: ObjectId, body: ReadableStream<Uint8Array>, size: number, signal: AbortSignal | undefined): Promise<void> {
    const abortController = new AbortController();
    const onAbort = (): void => abortController.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const upload = new Upload({
        client: this.#client,
        params: {
          Bucket: this.#bucket,
          Key: this.#key(key),
          Body: body,
          ContentLength: size,
          ContentType: 'application/octet-stream',
        },
        partSize: this.#partSize,
        queueSize: this.#partConcurrency,
        // A failed upload is aborted, so no parts linger to be billed or mistaken for data.
        leavePartsOnError: false,
        abortController,
      });
      await upload.done();
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }
}

/** Reads an empty body to its end, so that `verifiedBody` checks it really is empty. */
async function drainEmpty(body: Readable): Promise<void> {
  for await (const _chunk of body) {
    // Nothing to keep: an empty body yields no chunk, and a non-empty one fails verification.
  }
}


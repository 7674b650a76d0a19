import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { type IncomingMessage } from 'node:http';
import { type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { type S3ConnectionSettings } from '../s3/s3-client.js';

/** A real S3 endpoint on loopback (s3rver), storing into a temp directory. */
export interface S3TestServer {
  readonly settings: S3ConnectionSettings;
  /**
   * Cuts open connections and every new one: clients then get errors, as from a dead provider.
   * The port stays bound (connections are accepted and closed at once, without a byte of answer),
   * so that `restart` can always serve on it again.
   */
  stop(): Promise<void>;
  /** Answers again on the same port, with the same data; nothing to do if it is running. */
  restart(): Promise<void>;
  /**
   * Multipart uploads started and neither completed nor aborted: what a failed upload must not
   * leave. Read from s3rver's data directory, since s3rver does not implement ListMultipartUploads.
   */
  pendingUploads(bucket: string): Promise<string[]>;
  /** Stops the server and deletes its data. */
  dispose(): Promise<void>;
}

/** Where s3rver keeps the parts of a bucket's unfinished multipart uploads. */
function uploadsDirectory(directory: string, bucket: string): string {
  return path.join(directory, bucket, '._S3rver_uploads');
}

/** The whole body of a PUT; throws if the request broke off before its end. */
async function wholeBody(content: Readable | Buffer): Promise<Buffer> {
  if (!(content instanceof Readable)) return content;
  const chunks: Buffer[] = [];
  for await (const chunk of content) chunks.push(chunk as Buffer);
  if ((content as Partial<IncomingMessage>).complete === false) throw new Error('the request ended before its body');
  return Buffer.concat(chunks);
}

/** Writes `file` whole before it appears under its name, as S3 commits an object or a part. */
async function writeWhole(file: string, bytes: Buffer): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  // A name s3rver's listing ignores (it lists files ending in `._S3rver_object`).
  const partial = `${file}.${randomBytes(6).toString('hex')}.partial`;
  await writeFile(partial, bytes);
  await rename(partial, file);
  return createHash('md5').update(bytes).digest('hex');
}

/**
 * s3rver departs from S3 in ways that the store's guarantees rest on; this closes the gaps, so
 * that the tests check our code against S3's behaviour rather than against s3rver's:
 * - it writes a PUT's body straight into the object's file, so an interrupted PUT leaves a partial
 *   object for everyone to read, where S3 commits a PUT only once its whole body has arrived;
 * - it answers a PUT, and an UploadPart, once it has read the body but before the file is written,
 *   so a GET right after a PUT, or a CompleteMultipartUpload right after the last part, can see a
 *   file cut short (S3 reads its own writes);
 * - it has no AbortMultipartUpload, so a failed multipart upload could not be cleaned up.
 */
function behaveLikeS3(server: S3rver, directory: string): void {
  const { store } = server;
  store.putObject = async (object) => {
    const bytes = await wholeBody(object.content);
    const md5 = await writeWhole(store.getResourcePath(object.bucket, object.key, 'object'), bytes);
    await store.putMetadata(object.bucket, object.key, object.metadata, md5);
    return { size: bytes.length, md5 };
  };
  store.putPart = async (bucket, uploadId, partNumber, content) => {
    const bytes = await wholeBody(content);
    const part = path.join(store.getResourcePath(bucket, undefined, 'uploads'), uploadId, String(partNumber));
    const md5 = await writeWhole(part, bytes);
    await writeFile(`${part}.md5`, md5);
    return { size: bytes.length, md5 };
  };
  server.middleware.unshift(async (context, next) => {
    const uploadId = context.query.uploadId;
    if (context.method !== 'DELETE' || typeof uploadId !== 'string') return next();
    const bucket = context.path.split('/')[1] ?? '';
    await rm(path.join(uploadsDirectory(directory, bucket), path.basename(uploadId)), { recursive: true, force: true });
    context.status = 204;
  });
}

function createServer(directory: string, port: number): S3rver {
  const server = new S3rver({ address: '127.0.0.1', port, directory, silent: true });
  behaveLikeS3(server, directory);
  return server;
}

export async function startS3Server(): Promise<S3TestServer> {
  const directory = await mkdtemp(path.join(tmpdir(), 'coffre-s3rver-'));
  const server = createServer(directory, 0);
  const { port } = await server.run();
  let running = true;
  // Not closed while stopped: listening again on the same port fails with EADDRINUSE if any other
  // socket was bound to it meanwhile (an outgoing connection anywhere on the machine may be given
  // it as its ephemeral port). Closing each connection as it comes keeps the port ours.
  server.httpServer!.prependListener('connection', (socket: Socket) => {
    if (!running) socket.destroy();
  });
  const settings: S3ConnectionSettings = {
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    forcePathStyle: true,
    // s3rver's built-in credentials.
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    maxAttempts: 1,
    connectionTimeoutMs: 1_000,
    requestTimeoutMs: 5_000,
  };
  const stop = async (): Promise<void> => {
    if (!running) return;
    running = false;
    // Cut uploads and downloads in flight too, as a provider going dark would.
    server.httpServer?.closeAllConnections();
  };
  return {
    settings,
    stop,
    async restart() {
      running = true;
    },
    async pendingUploads(bucket) {
      try {
        return await readdir(uploadsDirectory(directory, bucket));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
    },
    async dispose() {
      running = false;
      const closed = server.close();
      server.httpServer?.closeAllConnections();
      await closed;
      await rm(directory, { recursive: true, force: true });
    },
  };
}

let bucketCounter = 0;

/** Creates a bucket with a fresh name; the test owns it. */
export async function createBucket(client: S3Client): Promise<string> {
  bucketCounter += 1;
  const bucket = `coffre-test-${process.pid}-${bucketCounter}`;
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return bucket;
}


// The slice of s3rver 3.7's API the tests use (the package ships no types), internals included:
// the harness reaches into its store and middleware list to close gaps with S3 (see s3-server.ts).
declare module 's3rver' {
  import { type Server } from 'node:http';
  import { type AddressInfo } from 'node:net';
  import { type Readable } from 'node:stream';

  interface S3rverOptions {
    address?: string;
    port?: number;
    directory: string;
    silent?: boolean;
  }

  /** What s3rver's filesystem store receives for a PUT: the request itself as `content`. */
  interface S3rverObject {
    bucket: string;
    key: string;
    metadata: Record<string, string>;
    content: Readable | Buffer;
  }

  /** s3rver's filesystem store, as far as the harness replaces or calls it. */
  interface S3rverStore {
    getResourcePath(bucket: string, key: string | undefined, resource: string): string;
    putObject(object: S3rverObject): Promise<{ size: number; md5: string }>;
    putPart(bucket: string, uploadId: string, partNumber: string | number, content: Readable | Buffer): Promise<{ size: number; md5: string }>;
    putMetadata(bucket: string, key: string, metadata: Record<string, string>, md5?: string): Promise<void>;
  }

  interface KoaContext {
    method: string;
    path: string;
    query: Record<string, string | string[] | undefined>;
    status: number;
  }

  type Middleware = (context: KoaContext, next: () => Promise<void>) => Promise<void>;

  export default class S3rver {
    constructor(options: S3rverOptions);
    store: S3rverStore;
    middleware: Middleware[];
    httpServer: Server | undefined;
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
  }
}

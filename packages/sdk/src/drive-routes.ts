// One typed method per drive route (nodes, uploads, versions, content), with no logic of its own:
// the drive's pipelines (drive/) compose them. JSON routes go through `Http`; part uploads send
// their bytes as they are, and content answers come back as streams (`RawHttp`), so neither the
// browser nor Node holds a whole file.
import {
  type CompleteUploadRequest,
  type CreateNodeRequest,
  type FileVersionView,
  type NodeView,
  type Page,
  type PartView,
  type StartUploadRequest,
  type UpdateNodeRequest,
  type UploadView,
} from './drive-types.js';
import { type Http, type HttpOptions, type RawHttp, createHttp, createRawHttp } from './http.js';

/** A page to ask for: `nextCursor` of the previous page, and how many items (1 to 500). */
export interface PageRequest {
  cursor?: string;
  limit?: number;
}

/**
 * Ciphertext bytes to read: from `start` to `end` (exclusive), or to the end when `end` is left
 * out; or the last `suffix` bytes.
 */
export type ContentRange = { start: number; end?: number } | { suffix: number };

/** A content answer: the ciphertext bytes as a stream, and what the headers say about them. */
export interface ContentResponse {
  /** 200 for the whole content, 206 for a range. */
  status: number;
  body: ReadableStream<Uint8Array>;
  /** The file version the bytes belong to (`x-coffre-version`). */
  version: number | null;
  /** The version number the bytes were encrypted for (`x-coffre-encrypted-as`): the file context's. */
  encryptedAs: number | null;
  /** Bytes in `body`. */
  length: number | null;
  /** The whole version's size: from `content-range` for a range, else `length`. */
  size: number | null;
  /** Changes whenever the bytes would (one per version). */
  etag: string | null;
}

/** The bytes of a part: held in memory, a Blob, or a stream read as it is sent. */
export type PartBody = Uint8Array | Blob | ReadableStream<Uint8Array>;

/** Every route of the drive's tree, uploads, versions and content. Each throws ApiError on failure. */
export interface DriveRoutes {
  /** `POST /api/nodes`: a folder or file record, signed by the caller (`parentId: null`: the root, once). */
  createNode(body: CreateNodeRequest): Promise<NodeView>;
  /** `GET /api/nodes/root` (404 NOT_FOUND until the client creates it). */
  getRootNode(): Promise<NodeView>;
  getNode(nodeId: string): Promise<NodeView>;
  /** A page of a folder's children, oldest first; those in the trash are left out. */
  listChildren(nodeId: string, page?: PageRequest): Promise<Page<NodeView>>;
  /** The whole new record; `version` must be the stored one plus one (409 CONFLICT otherwise). */
  updateNode(nodeId: string, body: UpdateNodeRequest): Promise<NodeView>;
  trashNode(nodeId: string): Promise<NodeView>;
  restoreNode(nodeId: string): Promise<NodeView>;
  /** For good, with everything under it (the owner only). */
  deleteNode(nodeId: string): Promise<void>;
  /** A page of the nodes the account trashed, most recent first. */
  listTrash(page?: PageRequest): Promise<Page<NodeView>>;

  /** Starts an upload of the file's next version (413 QUOTA_EXCEEDED with `details.remainingBytes`). */
  startUpload(nodeId: string, body: StartUploadRequest): Promise<UploadView>;
  /** The upload and the parts the server holds: what resuming needs. */
  getUpload(uploadId: string): Promise<UploadView>;
  /**
   * Sends part `n` (0-based) with the SHA-256 of its bytes in hex. Idempotent for the same bytes;
   * 400 CHECKSUM_MISMATCH when they do not hash to `sha256Hex`, 409 CONFLICT when the part was
   * sent with other bytes.
   */
  putPart(uploadId: string, n: number, body: PartBody, sha256Hex: string, signal?: AbortSignal): Promise<PartView>;
  /** Commits the version (409 UPLOAD_INCOMPLETE with `details.missing` while parts are missing). */
  completeUpload(uploadId: string, body: CompleteUploadRequest): Promise<FileVersionView>;
  abandonUpload(uploadId: string): Promise<void>;

  /** Committed versions, newest first. */
  listVersions(nodeId: string): Promise<FileVersionView[]>;
  /** Makes an older version the newest again (a new version over the same parts). */
  restoreVersion(nodeId: string, number: number): Promise<FileVersionView>;
  /** Deletes one version (409 CONFLICT for the only one). */
  deleteVersion(nodeId: string, number: number): Promise<void>;
  /** A version's ciphertext, whole or one range (416 RANGE_NOT_SATISFIABLE outside it). */
  getVersionContent(nodeId: string, number: number, range?: ContentRange, signal?: AbortSignal): Promise<ContentResponse>;
  /** The newest version's ciphertext; `version` in the answer names it. */
  getContent(nodeId: string, range?: ContentRange, signal?: AbortSignal): Promise<ContentResponse>;
}

/** The drive's routes, over a client's `Http` (JSON) and `RawHttp` (bytes). */
export function createDriveRoutes(http: Http, raw: RawHttp): DriveRoutes {
  const id = encodeURIComponent;
  const call = <T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown, query?: Record<string, string>) =>
    http<T>({ method, path, authenticated: true, ...(body !== undefined && { body }), ...(query && { query }) });
  const content = async (path: string, range: ContentRange | undefined, signal: AbortSignal | undefined) =>
    toContentResponse(await raw({ method: 'GET', path, authenticated: true, headers: rangeHeaders(range), ...(signal && { signal }) }));
  return {
    createNode: (body) => call('POST', '/api/nodes', body),
    getRootNode: () => call('GET', '/api/nodes/root'),
    getNode: (nodeId) => call('GET', `/api/nodes/${id(nodeId)}`),
    listChildren: (nodeId, page) => call('GET', `/api/nodes/${id(nodeId)}/children`, undefined, pageQuery(page)),
    updateNode: (nodeId, body) => call('PATCH', `/api/nodes/${id(nodeId)}`, body),
    trashNode: (nodeId) => call('POST', `/api/nodes/${id(nodeId)}/trash`),
    restoreNode: (nodeId) => call('POST', `/api/nodes/${id(nodeId)}/restore`),
    deleteNode: (nodeId) => call('DELETE', `/api/nodes/${id(nodeId)}`),
    listTrash: (page) => call('GET', '/api/trash', undefined, pageQuery(page)),
    startUpload: (nodeId, body) => call('POST', `/api/files/${id(nodeId)}/uploads`, body),
    getUpload: (uploadId) => call('GET', `/api/uploads/${id(uploadId)}`),
    putPart: async (uploadId, n, body, sha256Hex, signal) => {
      const response = await raw({
        method: 'PUT',
        path: `/api/uploads/${id(uploadId)}/parts/${n}`,
        authenticated: true,
        body,
        headers: { accept: 'application/json', 'x-content-sha256': sha256Hex },
        ...(signal && { signal }),
      });
      return (await response.json()) as PartView;
    },
    completeUpload: (uploadId, body) => call('POST', `/api/uploads/${id(uploadId)}/complete`, body),
    abandonUpload: (uploadId) => call('DELETE', `/api/uploads/${id(uploadId)}`),
    listVersions: (nodeId) => call('GET', `/api/files/${id(nodeId)}/versions`),
    restoreVersion: (nodeId, number) => call('POST', `/api/files/${id(nodeId)}/versions/${number}/restore`),
    deleteVersion: (nodeId, number) => call('DELETE', `/api/files/${id(nodeId)}/versions/${number}`),
    getVersionContent: (nodeId, number, range, signal) => content(`/api/files/${id(nodeId)}/versions/${number}/content`, range, signal),
    getContent: (nodeId, range, signal) => content(`/api/files/${id(nodeId)}/content`, range, signal),
  };
}

/** The drive's routes of the API at `options.baseUrl`, with its own `Http` and `RawHttp`. */
export function createDriveRoutesFor(options: HttpOptions): DriveRoutes {
  return createDriveRoutes(createHttp(options), createRawHttp(options));
}

/** The `Range` header for a range (none for the whole content). */
export function rangeHeaders(range: ContentRange | undefined): Record<string, string> {
  if (range === undefined) return {};
  if ('suffix' in range) return { range: `bytes=-${range.suffix}` };
  return { range: `bytes=${range.start}-${range.end === undefined ? '' : range.end - 1}` };
}

/**
 * Each content body's Response, held for as long as the body is reachable. Node's fetch cancels
 * the body of a Response that was garbage-collected while nobody had started reading it, and a
 * content answer is handed on as its body alone: a download keeps a few ranged requests in flight
 * and reads their bodies in turn, so a collection before a body's turn came cut that body short
 * (every download restarting from that range after a back-off, several times per GiB).
 */
const responseOfBody = new WeakMap<ReadableStream<Uint8Array>, Response>();

/** Reads a content answer's headers; the body stays a stream. */
export function toContentResponse(response: Response): ContentResponse {
  // A 200 or 206 always has a body; null only for a HEAD or a broken intermediary.
  const body = response.body ?? new ReadableStream<Uint8Array>({ start: (controller) => controller.close() });
  responseOfBody.set(body, response);
  const length = numberHeader(response, 'content-length');
  const total = /\/(\d+)$/.exec(response.headers.get('content-range') ?? '')?.[1];
  return {
    status: response.status,
    body,
    version: numberHeader(response, 'x-coffre-version'),
    encryptedAs: numberHeader(response, 'x-coffre-encrypted-as'),
    length,
    size: total === undefined ? (response.status === 200 ? length : null) : Number(total),
    etag: response.headers.get('etag'),
  };
}

function numberHeader(response: Response, name: string): number | null {
  const value = response.headers.get(name);
  return value === null || !/^\d+$/.test(value) ? null : Number(value);
}

function pageQuery(page: PageRequest | undefined): Record<string, string> | undefined {
  if (page === undefined) return undefined;
  return {
    ...(page.cursor !== undefined && { cursor: page.cursor }),
    ...(page.limit !== undefined && { limit: String(page.limit) }),
  };
}

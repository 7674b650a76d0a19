/**
 * The JSON bodies of the drive, links and shares routes (docs/drive-design.md). Same rules as
 * api-types.ts: binary values are base64url without padding, times ISO 8601, sizes in bytes as
 * numbers (safe integers). The API validates each with a zod schema beside its route.
 *
 * Routes (all under /api, authenticated unless marked public):
 *
 * Nodes
 *   POST   /nodes                              CreateNodeRequest -> NodeView (201)
 *   GET    /nodes/root                         -> NodeView (404 NOT_FOUND until the client creates it)
 *   GET    /nodes/:id                          -> NodeView
 *   GET    /nodes/:id/children?cursor&limit    -> Page<NodeView> (folders; trashed children left out)
 *   PATCH  /nodes/:id                          UpdateNodeRequest -> NodeView (rename, move, metadata)
 *   POST   /nodes/:id/trash                    -> NodeView
 *   POST   /nodes/:id/restore                  -> NodeView
 *   DELETE /nodes/:id                          -> 204 (permanent; the node and everything under it)
 *   GET    /trash?cursor&limit                 -> Page<NodeView> (nodes the owner trashed)
 *
 * File versions, uploads, downloads
 *   POST   /files/:nodeId/uploads              StartUploadRequest -> UploadView (201)
 *   GET    /uploads/:uploadId                  -> UploadView (which parts the server holds: resume)
 *   PUT    /uploads/:uploadId/parts/:n         body: the part's bytes (application/octet-stream),
 *                                              header x-content-sha256: hex -> PartView
 *   POST   /uploads/:uploadId/complete         CompleteUploadRequest -> FileVersionView
 *   DELETE /uploads/:uploadId                  -> 204 (abandon; quota released)
 *   GET    /files/:nodeId/versions             -> FileVersionView[] (committed, newest first)
 *   POST   /files/:nodeId/versions/:number/restore -> FileVersionView (a new newest version)
 *   DELETE /files/:nodeId/versions/:number     -> 204
 *   GET    /files/:nodeId/versions/:number/content  (Range: bytes=a-b) -> ciphertext, 200 or 206
 *   GET    /files/:nodeId/content              (Range) -> the newest committed version's ciphertext;
 *                                              header x-coffre-version names it
 *   Content answers carry content-length, accept-ranges, etag (one per version), content-range
 *   (206), x-coffre-version and x-coffre-encrypted-as (the version the bytes were encrypted for).
 *   Range: one range only (bytes=a-b, bytes=a-, bytes=-n); anything else is 416
 *   RANGE_NOT_SATISFIABLE, with a content-range header and details.size giving the size.
 *
 * Error bodies may carry `error.details`: QUOTA_EXCEEDED { remainingBytes }, UPLOAD_INCOMPLETE
 * { missing: part numbers (at most 1000) }. Permanent delete (DELETE /nodes/:id) is the owner's
 * alone; a write share may trash and restore.
 *
 * Links (docs/drive-design.md, "Links")
 *   POST   /links                              CreateLinkRequest -> LinkView (201)
 *   GET    /links?cursor&limit                 -> Page<LinkView> (links I made, and links sharers made to my nodes)
 *   DELETE /links/:id                          -> 204 (revoke; the link's creator or its node's owner)
 *   GET    /public/links/:id                   public -> PublicLinkView (enough to ask for a password)
 *   POST   /public/links/:id/open              public, OpenLinkRequest -> OpenLinkResponse:
 *                                              spends one download atomically and returns a grant
 *   GET    /public/links/:id/nodes/:nodeId/children?cursor&limit  public, x-coffre-link-grant -> Page<NodeView>
 *   GET    /public/links/:id/files/:nodeId/content (Range) public, x-coffre-link-grant -> ciphertext
 *
 * Shares with accounts
 *   POST   /shares                             CreateShareRequest -> ShareView (201)
 *   GET    /shares/outgoing                    -> ShareView[]
 *   GET    /shares/incoming                    -> ShareView[] (pending and accepted)
 *   POST   /shares/:id/accept                  -> ShareView
 *   DELETE /shares/:id                         -> 204 (the owner revokes, or the recipient leaves)
 *
 * A recipient with an accepted share reads the shared folder and everything under it through the
 * ordinary node, version and content routes; with role `write` they may also create, update,
 * trash and upload under it (the owner's quota is charged). Everything else answers 404
 * NOT_FOUND, never 403, so ids of other accounts' nodes cannot be probed.
 */
import { type SessionView } from './api-types.js';

export type { SessionView };

/** One page of a listing; pass `nextCursor` back as `cursor` for the next page (null: last page). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type NodeKind = 'folder' | 'file';

/** A node as the server stores it. The client verifies `signature` before trusting any field. */
export interface NodeView {
  id: string;
  ownerId: string;
  /** Null for the root folder. */
  parentId: string | null;
  kind: NodeKind;
  /** Envelope node-key-wrap. */
  keyWrap: string;
  /** Envelope node-name. */
  name: string;
  /** Envelope node-metadata. */
  metadata: string;
  version: number;
  /** Ed25519 over the node record (docs/crypto.md, "Node record signatures"). */
  signature: string;
  writerId: string;
  /** The writer's Ed25519 public key as the directory holds it (verify against a pinned key). */
  writerSigningPublicKey: string;
  trashedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** Files only: the newest committed version, or null before the first upload completes. */
  currentVersion: FileVersionView | null;
}

/** `POST /api/nodes`. `parentId: null` creates the root folder (once per account). */
export interface CreateNodeRequest {
  id: string;
  parentId: string | null;
  kind: NodeKind;
  keyWrap: string;
  name: string;
  metadata: string;
  /** The record version of a new node: 1. */
  version: number;
  signature: string;
}

/**
 * `PATCH /api/nodes/:id`: the whole new record. `version` must be exactly the stored version
 * plus one (else 409 CONFLICT: someone else changed it first; reload and retry). A move changes
 * `parentId` and `keyWrap` (the node key rewrapped under the new parent's key).
 */
export interface UpdateNodeRequest {
  parentId: string;
  keyWrap: string;
  name: string;
  metadata: string;
  version: number;
  signature: string;
}

export type FileVersionState = 'uploading' | 'committed';

export interface FileVersionView {
  nodeId: string;
  number: number;
  /** The version number bound into the file context when the bytes were encrypted. */
  encryptedAs: number;
  /** Envelope file-key-wrap under the node key. */
  fileKeyWrap: string;
  ciphertextSize: number;
  partSize: number;
  state: FileVersionState;
  createdAt: string;
  committedAt: string | null;
}

/**
 * `POST /api/files/:nodeId/uploads`. The server assigns the next version number and answers it;
 * the client then seals the file key and encrypts for that number. Quota is reserved here
 * (413 QUOTA_EXCEEDED with `details.remainingBytes` when it does not fit).
 */
export interface StartUploadRequest {
  ciphertextSize: number;
  /** Bytes per part: a multiple of the file format's chunk size, 1 MiB to 64 MiB. Default 8 MiB. */
  partSize: number;
}

/** `PUT /api/uploads/:uploadId/parts/:n` answer. */
export interface PartView {
  n: number;
  sha256: string;
  size: number;
}

export interface UploadView {
  uploadId: string;
  nodeId: string;
  /** The version number this upload will commit as: bind it into the file context. */
  number: number;
  ciphertextSize: number;
  partSize: number;
  partCount: number;
  /** The parts the server holds durably, in order. */
  parts: PartView[];
  expiresAt: string;
}

/**
 * `POST /api/uploads/:uploadId/complete`: commits the version if and only if every part is held
 * and sizes add up (else 409 UPLOAD_INCOMPLETE naming the missing parts).
 */
export interface CompleteUploadRequest {
  /** Envelope file-key-wrap: the file key under the node key, bound to this version number. */
  fileKeyWrap: string;
  parts: PartView[];
}

/** `POST /api/links`. */
export interface CreateLinkRequest {
  /** 16 random bytes, base64url (22 characters), chosen by the client. */
  id: string;
  nodeId: string;
  /** Envelope link-key-wrap, or link-password-wrap around it when a password is set. */
  keyWrap: string;
  /** Argon2id parameter record, when a password is set. */
  passwordParams: string | null;
  /** SHA-256 of the access token derived from the link secret (and password). */
  accessHash: string;
  expiresAt: string | null;
  /** 1 or more, or null for no limit. */
  maxDownloads: number | null;
}

export interface LinkView {
  id: string;
  nodeId: string;
  /** The account that made the link: the caller, or a read-write sharer of the caller's node. */
  createdBy: string;
  kind: NodeKind;
  hasPassword: boolean;
  expiresAt: string | null;
  maxDownloads: number | null;
  downloads: number;
  revokedAt: string | null;
  createdAt: string;
}

/** `GET /api/public/links/:id` (410 LINK_EXPIRED / LINK_REVOKED / LINK_EXHAUSTED when it is no longer usable). */
export interface PublicLinkView {
  id: string;
  kind: NodeKind;
  passwordParams: string | null;
  expiresAt: string | null;
  /** Downloads left, or null for no limit. */
  downloadsLeft: number | null;
}

/** `POST /api/public/links/:id/open`. A wrong token answers 401 UNAUTHENTICATED and spends nothing. */
export interface OpenLinkRequest {
  /** The access token (base64url) derived from the link secret (and password). */
  accessToken: string;
}

export interface OpenLinkResponse {
  /** Sent as `x-coffre-link-grant` on the link's listing and content routes; valid for one hour. */
  grant: string;
  grantExpiresAt: string;
  keyWrap: string;
  /** The linked node (for a folder link: the folder; list below it with the grant). */
  node: NodeView;
}

/** `POST /api/shares`. */
export interface CreateShareRequest {
  nodeId: string;
  recipientId: string;
  role: 'read' | 'write';
  /** The key share (docs/crypto.md, "Key shares"), base64url. */
  sealedKey: string;
}

export interface ShareView {
  id: string;
  nodeId: string;
  ownerId: string;
  ownerEmail: string | null;
  recipientId: string;
  recipientEmail: string | null;
  role: 'read' | 'write';
  sealedKey: string;
  createdAt: string;
  acceptedAt: string | null;
}

// The messages between the pages and the worker that holds the account (coffre.worker.ts).
// Requests name a method and carry its parameters; each gets exactly one response. The worker
// also sends events of its own when the session changes under the page (another tab signed
// out, the server ended the session). Everything here is structured-clone data: no classes.
//
// The page never receives a key, a token or a recovery secret it did not itself type, except
// the freshly generated recovery key, which it must show once.
import { type CryptoErrorCode } from '@coffre/crypto/errors';
import { type SessionView } from '@coffre/sdk/api-types';
import { type DriveErrorCode, type DriveNode, type FileVersion, type SharedAccess } from '@coffre/sdk/drive';
import { type LinkView, type NodeKind } from '@coffre/sdk/drive-types';
import { type ApiErrorCode } from '@coffre/sdk/errors';

/** Who is signed in, as far as the page needs to know: never keys or tokens. */
export interface SessionSummary {
  accountId: string;
  email: string;
  /**
   * True from sign-up until the person confirms they saved the recovery key. The worker keeps
   * the key (wrapped, like the account keys) until then, so a reload does not lose it.
   */
  recoveryKeyPending: boolean;
}

/** The signed-in account, as `GET /api/account` describes it, without its key bundle. */
export interface AccountSummary {
  accountId: string;
  email: string;
  /** Zero or less when the account has no quota. */
  quotaBytes: number;
  usedBytes: number;
  createdAt: string;
}

/** What logging out achieved. */
export interface LogoutResult {
  /**
   * False when the server could not be told (offline): the keys and token are gone from this
   * browser all the same, but the session stays listed until it expires or is revoked.
   */
  endedOnServer: boolean;
}

/** Every method of the worker: its parameters and its result. */
export interface AccountMethods {
  /** First call: where the API is. Restores the session this browser kept, if any. */
  start: { params: { apiUrl: string }; result: SessionSummary | null };
  signup: { params: { email: string; password: string }; result: SessionSummary };
  /** The recovery key of a sign-up not yet confirmed; NOT_FOUND once confirmed. */
  pendingRecoveryKey: { params: null; result: string };
  /** The person saved the recovery key: the worker forgets it. */
  confirmRecoveryKey: { params: null; result: SessionSummary };
  login: { params: { email: string; password: string }; result: SessionSummary };
  recoverAccount: { params: { email: string; recoveryKey: string; newPassword: string }; result: SessionSummary };
  logout: { params: null; result: LogoutResult };
  logoutEverywhere: { params: null; result: null };
  changePassword: { params: { currentPassword: string; newPassword: string }; result: null };
  deleteAccount: { params: { password: string }; result: null };
  listSessions: { params: null; result: SessionView[] };
  revokeSession: { params: { sessionId: string }; result: null };
  getAccount: { params: null; result: AccountSummary };
  /**
   * The recovery key again, after proving the password (settings). NOT_FOUND for an account
   * created before the server kept an escrow; DECRYPT_FAILED when the stored copy does not verify.
   */
  revealRecoveryKey: { params: { password: string }; result: string };
  /** A new recovery key, after proving the password; the old key stops working. */
  renewRecoveryKey: { params: { password: string }; result: string };
}

// ---- Drive: the file browser and uploads (drive-service.ts, upload-queue.ts) ----
// Nodes cross as the SDK's DriveNode: plain data, its keys held by the worker beside it. The page
// names nodes by id; the worker keeps the verified nodes it handed out and finds keys from those.

/** A folder as the file browser shows it. */
export interface FolderListing {
  folder: DriveNode;
  /** From the top down to `folder` itself, for the breadcrumbs: the top is the account's root, or the shared folder inside a share. */
  path: DriveNode[];
  children: DriveNode[];
  /** Set when `folder` is in a folder shared with this account (`path[0]`): whose it is, and the access given. */
  shared: SharedAccess | null;
}

/** What the drive's root shows of the folders other accounts shared with this one. */
export interface SharedWithMe {
  /** The accepted shares' folders, verified and decrypted; each carries its `shared` access. */
  folders: DriveNode[];
  /** Shares offered and not yet accepted or declined: they wait on /shared. */
  pending: number;
}

/** One file to upload, as the page picked or received it. */
export interface UploadRequest {
  /** Chosen by the page (a random UUID); names the transfer in events and later calls. */
  transferId: string;
  file: File;
  /** Folders to create below the target for it ("" for none, "photos/2024" for a dropped folder). */
  folderPath: string;
}

export type TransferStatus = 'queued' | 'uploading' | 'done' | 'failed' | 'cancelled';

/** Where an upload stands, as the worker reports it. */
export interface TransferView {
  transferId: string;
  name: string;
  folderPath: string;
  /** The folder the upload was dropped into. */
  parentId: string;
  size: number;
  /** Plaintext bytes acknowledged by the server so far. */
  done: number;
  status: TransferStatus;
  /** True when it continued an earlier, interrupted upload. */
  resumed: boolean;
  /** The file node, once done. */
  nodeId?: string;
  /** Why it failed. */
  error?: WorkerErrorData;
}

/** An upload a previous page load left unfinished, kept (sealed) in IndexedDB. */
export interface InterruptedUpload {
  transferId: string;
  name: string;
  folderPath: string;
  parentId: string;
  size: number;
  /** `lastModified` of the file: picking it again must give the same one. */
  mtime: number | null;
  /** Plaintext bytes the server already holds, as far as this browser recorded. */
  done: number;
}

/** A file's content read into memory (until streaming downloads replace it). */
export interface FileContent {
  name: string;
  mediaType: string | null;
  bytes: ArrayBuffer;
}

export interface DriveMethods {
  /** A folder (the root for null) with its breadcrumbs and children. */
  listFolder: { params: { folderId: string | null }; result: FolderListing };
  /** The folders shared with this account that it accepted (each opens with `listFolder`), and how many offers wait. */
  listSharedWithMe: { params: null; result: SharedWithMe };
  createFolder: { params: { parentId: string; name: string }; result: DriveNode };
  renameNode: { params: { nodeId: string; name: string }; result: DriveNode };
  /** Moves each node into `targetId`; stops at the first that fails. */
  moveNodes: { params: { nodeIds: string[]; targetId: string }; result: DriveNode[] };
  trashNodes: { params: { nodeIds: string[] }; result: null };
  restoreNodes: { params: { nodeIds: string[] }; result: null };
  /** Deletes for good (from the trash). */
  deleteNodes: { params: { nodeIds: string[] }; result: null };
  listTrash: { params: null; result: DriveNode[] };
  listVersions: { params: { nodeId: string }; result: FileVersion[] };
  restoreVersion: { params: { nodeId: string; number: number }; result: DriveNode };
  deleteVersion: { params: { nodeId: string; number: number }; result: null };
  /** Decrypts a file (current content, or version `number`) into memory. */
  readFile: { params: { nodeId: string; number?: number }; result: FileContent };
  /**
   * Queues uploads into `parentId` and answers at once; progress comes as TransferEventMessage.
   * A file matching an interrupted upload (same place, name, size and mtime) continues it.
   */
  uploadFiles: { params: { parentId: string; files: UploadRequest[] }; result: null };
  /** Stops an upload and gives its space back. */
  cancelUpload: { params: { transferId: string }; result: null };
  /** Tries a failed upload again, continuing where it stopped. */
  retryUpload: { params: { transferId: string }; result: null };
  listInterruptedUploads: { params: null; result: InterruptedUpload[] };
  /** Continues an interrupted upload from `file`, which must be the same file (SOURCE_CHANGED otherwise). */
  resumeUpload: { params: { transferId: string; file: File }; result: null };
  /** Forgets an interrupted upload and gives its space back. */
  discardUpload: { params: { transferId: string }; result: null };
}

/** Worker → page, unprompted: uploads that changed since the last report (throttled). */
export interface TransferEventMessage {
  type: 'transfers';
  transfers: TransferView[];
}

// ---- end of drive ----

// ---- Sharing (sharing-service.ts): links, folders shared with accounts, contacts' keys. ----
// Nodes arrive by id; the worker looks them up again, so their keys never cross to the page.

/** A node as the sharing screens name it. */
export interface NodeSummary {
  id: string;
  name: string;
  kind: NodeKind;
}

/** A link this account created, with the name of what it points to. */
export interface LinkSummary extends LinkView {
  /** Null when the node can no longer be read (deleted, or not verifiable). */
  nodeName: string | null;
}

/**
 * A contact's keys as this browser sees them. `new`: first seen, pinned now (show the fingerprint
 * to compare); `pinned`: the keys verified before; `changed`: they differ from the pinned keys,
 * and nothing is shared with them until the person re-verifies (`trustContact`).
 */
export interface ContactCheck {
  email: string;
  /** Six groups of five digits, computed in the worker from the keys the server presents. */
  fingerprint: string;
  status: 'new' | 'pinned' | 'changed';
}

/** A folder shared with an account, from either side. */
export interface ShareSummary {
  shareId: string;
  nodeId: string;
  role: 'read' | 'write';
  ownerEmail: string | null;
  recipientEmail: string | null;
  createdAt: string;
  acceptedAt: string | null;
  /** Known for shares this account gave and for accepted ones it received; null otherwise. */
  folderName: string | null;
}

export interface SharingMethods {
  /** Names a node of the drive (or of a share), for the share dialog's title. */
  describeNode: { params: { nodeId: string }; result: NodeSummary };
  /** A link to a node; `url` carries the key in its fragment and is shown once. */
  createLink: {
    params: { nodeId: string; password?: string; expiresAt?: string; maxDownloads?: number };
    result: { url: string; link: LinkSummary };
  };
  listLinks: { params: null; result: LinkSummary[] };
  revokeLink: { params: { linkId: string }; result: null };
  /** Fetches a contact's keys and checks them against this browser's pin (pinning them the first time). */
  checkContact: { params: { email: string }; result: ContactCheck };
  /**
   * Pins the keys now presented for `email` after the person compared `fingerprint` with the
   * contact out of band. KEY_CHANGED if the keys presented now are not the ones with that fingerprint.
   */
  trustContact: { params: { email: string; fingerprint: string }; result: ContactCheck };
  /** Shares a folder this account owns; KEY_CHANGED when the recipient's keys differ from the pin. */
  shareFolder: { params: { nodeId: string; email: string; role: 'read' | 'write' }; result: ShareSummary };
  listShares: { params: null; result: { incoming: ShareSummary[]; outgoing: ShareSummary[] } };
  /** Accepts a folder offered to this account, after verifying the owner's signature and keys. */
  acceptShare: { params: { shareId: string }; result: NodeSummary };
  /** Revokes a share (owner) or leaves it (recipient). */
  endShare: { params: { shareId: string }; result: null };
}

// ---- end of sharing ----

// ---- Downloads, previews and opened links (lib/downloads/worker/download-service.ts) ----
// A download is streamed by the Service Worker (lib/downloads/sw): the page makes a MessageChannel,
// gives one port to the Service Worker and the other to `prepareDownload`, and the worker sends the
// ticket (file keys, route, bearer or grant) straight to the Service Worker over it. The page gets
// back only the URL to fetch, never a key.

/** What to download: a file of this account (or a folder, as a zip), or one below an opened link. */
export type DownloadTarget =
  | { kind: 'node'; nodeId: string; /** A version number; the current content by default. */ version?: number }
  | { kind: 'link'; linkSessionId: string; nodeId: string };

/** A download the Service Worker is ready to answer. */
export interface PreparedDownload {
  /** Same-origin URL (`/_coffre/download/<random id>/<name>`); it expires (idle 10 min, at most 1 h). */
  url: string;
  name: string;
  /** Plaintext bytes of a file; for a folder, the sum of its files. */
  size: number;
  mediaType: string | null;
  /** A folder, streamed as a zip. */
  zip: boolean;
}

/** A link opened in this worker: its node, and a handle for listing and downloading below it. */
export interface OpenedLinkView {
  linkSessionId: string;
  node: DriveNode;
  /** When the grant ends; open the link again after that. */
  grantExpiresAt: string;
}

export interface DownloadMethods {
  /**
   * Opens a link (`https://host/s/<id>#<key>`) without an account: derives its keys here, with
   * the password when it has one, and spends one of its downloads. PASSWORD_REQUIRED,
   * WRONG_PASSWORD, LINK_EXPIRED, LINK_EXHAUSTED, LINK_REVOKED, NOT_FOUND, INVALID_LINK.
   */
  openLink: { params: { apiUrl: string; url: string; password?: string }; result: OpenedLinkView };
  /** The children of a folder at or below an opened link's folder. */
  listLinkFolder: { params: { linkSessionId: string; folderId: string }; result: DriveNode[] };
  /** Sends the Service Worker the ticket of one download over `port` (transferred). */
  prepareDownload: { params: { target: DownloadTarget; disposition: 'attachment' | 'inline'; port: MessagePort }; result: PreparedDownload };
}

// ---- end of downloads ----

/** The worker's whole interface. */
export type WorkerMethods = AccountMethods & DriveMethods & SharingMethods & DownloadMethods;

export type MethodName = keyof WorkerMethods;
export type ParamsOf<M extends MethodName> = WorkerMethods[M]['params'];
export type ResultOf<M extends MethodName> = WorkerMethods[M]['result'];

/** Page → worker. */
export interface RequestMessage<M extends MethodName = MethodName> {
  type: 'request';
  id: number;
  method: M;
  params: ParamsOf<M>;
}

/** Worker → page: the answer to request `id`. */
export type ResponseMessage =
  | { type: 'response'; id: number; ok: true; result: unknown }
  | { type: 'response'; id: number; ok: false; error: WorkerErrorData };

/** Why the session changed without the page asking. */
export type SessionChangeReason =
  /** The API refused the session: it expired, or was revoked from another device. */
  | 'expired'
  /** Another tab of this browser signed in, out, or as someone else. */
  | 'other-tab';

/** Worker → page, unprompted. */
export interface SessionEventMessage {
  type: 'session';
  session: SessionSummary | null;
  reason: SessionChangeReason;
}

export type WorkerToPageMessage = ResponseMessage | SessionEventMessage | TransferEventMessage;

/**
 * Codes of what can go wrong, as the page sees them: the API's codes (`@coffre/sdk/errors`),
 * the client-side crypto codes (`@coffre/crypto/errors`), and the worker's own.
 */
export type WorkerErrorCode =
  | ApiErrorCode
  | CryptoErrorCode
  /** What the SDK's drive refuses or fails to verify (`@coffre/sdk/drive`). */
  | DriveErrorCode
  /** The method needs a signed-in session and there is none (any more). */
  | 'NOT_SIGNED_IN'
  /** A method was called before `start`, or `start` twice. */
  | 'NOT_STARTED'
  /** The worker could not run: it failed to load, crashed, or threw something unexpected. */
  | 'WORKER_FAILED';

/** An error as it crosses from the worker to the page. */
export interface WorkerErrorData {
  code: WorkerErrorCode;
  /** Safe to show; the page usually shows its own wording for the code instead. */
  message: string;
  /** The API's HTTP status, when the API answered. */
  status?: number;
  /** The API's correlation id, to quote when reporting a problem. */
  correlationId?: string;
  /** RATE_LIMITED: seconds to wait. */
  retryAfterSeconds?: number;
  /** VALIDATION_FAILED: what the API found wrong. */
  issues?: { path: string; message: string }[];
}

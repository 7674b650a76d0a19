// What the account worker hands the Service Worker for one download, over a MessageChannel the
// page set up but never reads from: the file keys of the files in it (each opens one file version
// and nothing else), where their ciphertext is, and the bearer token or link grant to fetch it.
// Never a node key, never the root key. Plain structured-clone data.
import { type ContentAccess } from '@coffre/sdk/drive';

/** How the browser should treat the bytes. */
export type Disposition =
  /** Saved to disk (Content-Disposition: attachment). */
  | 'attachment'
  /** Shown in the page: an <img>, <audio>, <video>, PDF frame or text preview. */
  | 'inline';

/** One file of a download, with its path inside the zip for folders. */
export interface TicketFile {
  path: string;
  mtime: number | null;
  access: ContentAccess;
}

/** Everything one download needs. */
export interface DownloadTicket {
  /** The API's origin and base URL, e.g. `http://127.0.0.1:4000`. */
  apiUrl: string;
  /** The session's bearer token, for `drive` routes only; links carry their grant in the route. */
  token: string | null;
  disposition: Disposition;
  /** The file name offered to save as (for folders, `<folder>.zip`). */
  name: string;
  /** The file's media type when it is one file, from its signed metadata. */
  mediaType: string | null;
  /** One file, or a folder's files streamed as a zip (`zip: true`, even for an empty folder). */
  zip: boolean;
  files: TicketFile[];
}

/** Worker → Service Worker over the download's port: the ticket (its key buffers transferred). */
export interface TicketMessage {
  type: 'coffre-download-ticket';
  ticket: DownloadTicket;
}

/** Service Worker → worker: where the download can be fetched, or why not. */
export type TicketReply = { ok: true; downloadId: string; url: string } | { ok: false; message: string };

/** Page → Service Worker: a port for the next ticket (the other end goes to the account worker). */
export interface AcceptTicketMessage {
  type: 'coffre-download-accept';
}

/** Page → Service Worker: a preview is still open (keeps the worker, and its tickets, alive). */
export interface KeepAliveMessage {
  type: 'coffre-download-keepalive';
}

/** Where the Service Worker answers downloads: `/_coffre/download/<id>/<file name>`. */
export const DOWNLOAD_PATH_PREFIX = '/_coffre/download/';

/** The Service Worker's script, served from the app's origin (scripts/build-service-worker.mjs). */
export const SERVICE_WORKER_URL = '/coffre-sw.js';

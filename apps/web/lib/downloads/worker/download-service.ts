// The account worker's side of downloads: it holds the keys, so it is the one that turns a node
// into a ticket (the file keys of exactly the files being downloaded, where their ciphertext is,
// the bearer token or the link's grant) and sends it to the Service Worker over the port the page
// handed it. It also opens links for the public link page, keeping each link session's verified
// nodes (and with them their keys) here, so the page only ever names nodes by id.
import { type Drive, type DriveNode, type LinkSession, DriveError, createPublicLinkHttpApi, openLink } from '@coffre/sdk/drive';
import { type ActiveSession } from '../../worker/account-service.ts';
import { WorkerFailure } from '../../worker/errors.ts';
import { type DownloadMethods, type DownloadTarget, type PreparedDownload } from '../../worker/protocol.ts';
import { type Handlers } from '../../worker/rpc.ts';
import { type DownloadTicket, type TicketFile, type TicketMessage, type TicketReply } from '../ticket.ts';

export interface DownloadServiceContext {
  /** `withSession` of the account service: NOT_SIGNED_IN without one. */
  withSession<T>(run: (session: ActiveSession) => Promise<T>): Promise<T>;
  /** The drive of a session (`createSessionDrives()` of sharing-service.ts). */
  driveOf(session: ActiveSession): Drive;
}

export interface DownloadService {
  readonly handlers: { [M in keyof DownloadMethods]: Handlers[M] };
}

/** How long to wait for the Service Worker to take a ticket. */
const TICKET_TIMEOUT_MS = 10_000;
/** Files in one zip, at most: a folder larger than this is downloaded in parts. */
export const MAX_ZIP_FILES = 10_000;

interface OpenedLink {
  readonly apiUrl: string;
  readonly session: LinkSession;
  /** The nodes handed out for this link, by id: the only ones the page can name. */
  readonly nodes: Map<string, DriveNode>;
}

function ensureHttpUrl(value: unknown, what: string): string {
  const url = typeof value === 'string' ? URL.parse(value) : null;
  if (url === null || (url.protocol !== 'https:' && url.protocol !== 'http:')) throw new TypeError(`${what} must be an http(s) URL`);
  return value as string;
}

/** Creates the downloads service of one worker. */
export function createDownloadService(context: DownloadServiceContext): DownloadService {
  const links = new Map<string, OpenedLink>();

  const linkOf = (linkSessionId: string): OpenedLink => {
    const link = links.get(linkSessionId);
    if (link === undefined) throw new WorkerFailure('NOT_FOUND', 'This link is no longer open here. Reload the page.');
    return link;
  };
  const linkNode = (link: OpenedLink, nodeId: string): DriveNode => {
    const node = link.nodes.get(nodeId);
    if (node === undefined) throw new WorkerFailure('NOT_FOUND', 'No such file below this link.');
    return node;
  };
  const remember = (link: OpenedLink, nodes: DriveNode[]) => {
    for (const node of nodes) link.nodes.set(node.id, node);
    return nodes;
  };

  /** The ticket of a target, without sending it anywhere. */
  const ticketFor = async (target: DownloadTarget, disposition: DownloadTicket['disposition']): Promise<DownloadTicket> => {
    if (target.kind === 'link') {
      const link = linkOf(target.linkSessionId);
      const node = linkNode(link, target.nodeId);
      const files: TicketFile[] = [];
      if (node.kind === 'file') files.push({ path: node.name, mtime: node.mtime, access: await link.session.contentAccess(node) });
      else {
        for await (const entry of link.session.walk(node)) {
          if (files.length >= MAX_ZIP_FILES) throw new DriveError('NOT_ALLOWED', `"${node.name}" holds more than ${MAX_ZIP_FILES} files: download its folders one by one.`);
          remember(link, [entry.node]);
          files.push({ path: entry.path, mtime: entry.node.mtime, access: await link.session.contentAccess(entry.node) });
        }
      }
      return describe(node, { apiUrl: link.apiUrl, token: null, disposition, files });
    }
    return context.withSession(async (session) => {
      const drive = context.driveOf(session);
      const node = await drive.get(target.nodeId);
      const files: TicketFile[] = [];
      if (node.kind === 'file') files.push({ path: node.name, mtime: node.mtime, access: await drive.contentAccess(node, target.version) });
      else {
        for await (const entry of walkDrive(drive, node)) {
          if (files.length >= MAX_ZIP_FILES) throw new DriveError('NOT_ALLOWED', `"${node.name}" holds more than ${MAX_ZIP_FILES} files: download its folders one by one.`);
          files.push({ path: entry.path, mtime: entry.node.mtime, access: await drive.contentAccess(entry.node) });
        }
      }
      return describe(node, { apiUrl: session.apiUrl, token: session.client.token ?? null, disposition, files });
    });
  };

  return {
    handlers: {
      async openLink({ apiUrl, url, password }) {
        const base = ensureHttpUrl(apiUrl, 'apiUrl');
        const session = await openLink(createPublicLinkHttpApi({ baseUrl: base }), url, password === undefined ? {} : { password });
        const linkSessionId = crypto.randomUUID();
        const link: OpenedLink = { apiUrl: base, session, nodes: new Map() };
        remember(link, [session.node]);
        links.set(linkSessionId, link);
        return { linkSessionId, node: session.node, grantExpiresAt: session.grantExpiresAt };
      },
      async listLinkFolder({ linkSessionId, folderId }) {
        const link = linkOf(linkSessionId);
        return remember(link, await link.session.list(linkNode(link, folderId)));
      },
      async prepareDownload({ target, disposition, port }) {
        if (!(port instanceof MessagePort)) throw new TypeError('prepareDownload needs the port to the Service Worker');
        const ticket = await ticketFor(target, disposition === 'inline' ? 'inline' : 'attachment');
        const reply = await sendTicket(port, ticket);
        const size = ticket.files.reduce((sum, file) => sum + (file.access.size ?? 0), 0);
        return { url: reply.url, name: ticket.name, size, mediaType: ticket.mediaType, zip: ticket.zip } satisfies PreparedDownload;
      },
    },
  };
}

function describe(node: DriveNode, parts: Pick<DownloadTicket, 'apiUrl' | 'token' | 'disposition' | 'files'>): DownloadTicket {
  const zip = node.kind === 'folder';
  return { ...parts, zip, name: zip ? `${node.name || 'folder'}.zip` : node.name, mediaType: zip ? 'application/zip' : node.mediaType };
}

/** Every file below a folder of the drive, with its path relative to it (breadth first). */
async function* walkDrive(drive: Drive, folder: DriveNode): AsyncGenerator<{ path: string; node: DriveNode }> {
  const pending: { path: string; folder: DriveNode }[] = [{ path: '', folder }];
  while (pending.length > 0) {
    const { path, folder: current } = pending.shift()!;
    for (const child of await drive.list(current)) {
      const childPath = path === '' ? child.name : `${path}/${child.name}`;
      if (child.kind === 'folder') pending.push({ path: childPath, folder: child });
      else if (child.contentVersion !== null) yield { path: childPath, node: child };
    }
  }
}

/**
 * Sends the ticket over the port, transferring the key buffers (they are then gone from this
 * worker), and waits for the Service Worker's answer.
 */
async function sendTicket(port: MessagePort, ticket: DownloadTicket): Promise<Extract<TicketReply, { ok: true }>> {
  const reply = await new Promise<TicketReply>((resolve, reject) => {
    const timer = setTimeout(() => reject(new WorkerFailure('WORKER_FAILED', 'The page’s download helper (Service Worker) did not answer. Reload the page.')), TICKET_TIMEOUT_MS);
    port.onmessage = (event: MessageEvent) => {
      clearTimeout(timer);
      resolve(event.data as TicketReply);
    };
    // Each key is moved into a buffer of its own (the SDK's may share one), then transferred.
    const files = ticket.files.map((file) => {
      const fileKey = file.access.fileKey.slice();
      file.access.fileKey.fill(0);
      return { ...file, access: { ...file.access, fileKey } };
    });
    const message: TicketMessage = { type: 'coffre-download-ticket', ticket: { ...ticket, files } };
    port.postMessage(message, files.map((file) => file.access.fileKey.buffer as ArrayBuffer));
  }).finally(() => port.close());
  if (!reply.ok) throw new WorkerFailure('WORKER_FAILED', `The download could not start: ${reply.message}.`);
  return reply;
}

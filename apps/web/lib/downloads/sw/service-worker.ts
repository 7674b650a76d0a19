// The Service Worker that streams downloads and previews to disk and to media elements, decrypting
// on the fly (apps/web README, "Streaming downloads"). It holds no account key: the account worker
// sends it one ticket per download over a port the page sets up, and it answers
// `/_coffre/download/<id>/<name>` for that ticket only, Range requests included, until the id
// expires. Bundled by scripts/build-service-worker.mjs to /coffre-sw.js, which proxy.ts serves
// with a policy of its own (no eval, no WebAssembly, connections to the API only).
import { DOWNLOAD_PATH_PREFIX, type DownloadTicket, type TicketMessage, type TicketReply } from '../ticket.ts';
import { contentHeaders } from './content-headers.ts';
import { TicketFileReader } from './content-stream.ts';
import { DownloadRegistry } from './download-registry.ts';
import { parseRange } from './range.ts';
import { zipLength, zipStream } from './zip-stream.ts';

/** The parts of ServiceWorkerGlobalScope used here (the DOM library has no worker types). */
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response> | Response): void;
}
/** Static routing (Chromium 123+): which requests reach the fetch handler at all. */
interface RouterRule {
  condition: { urlPattern: URLPattern };
  source: 'fetch-event' | 'network';
}
interface InstallEvent extends ExtendableEvent {
  addRoutes?(rules: RouterRule[]): Promise<void>;
}
interface ServiceWorkerScope extends EventTarget {
  readonly location: Location;
  skipWaiting(): Promise<void>;
  readonly clients: { claim(): Promise<void> };
}

const scope = globalThis as unknown as ServiceWorkerScope;
const registry = new DownloadRegistry();
const readers = new WeakMap<DownloadTicket, TicketFileReader[]>();

scope.addEventListener('install', (event) => {
  const install = event as InstallEvent;
  // Only downloads reach the fetch handler. Every other request of the pages and of their workers
  // (the account worker's uploads above all: dispatching a 200 MB upload's parts to a Service
  // Worker costs a copy of every byte) goes straight to the network, as if there were no Service
  // Worker. The rules apply in order; browsers without static routing dispatch everything, and
  // the fetch handler lets what is not a download through.
  const routes = install.addRoutes?.([
    { condition: { urlPattern: new URLPattern({ pathname: `${DOWNLOAD_PATH_PREFIX}*` }) }, source: 'fetch-event' },
    { condition: { urlPattern: new URLPattern({}) }, source: 'network' },
  ]);
  install.waitUntil(Promise.all([routes, scope.skipWaiting()]));
});

scope.addEventListener('activate', (event) => {
  // Take over the open pages at once, so a download right after the first registration works.
  (event as ExtendableEvent).waitUntil(scope.clients.claim());
});

scope.addEventListener('message', (event) => {
  const message = (event as MessageEvent).data as { type?: string } | null;
  const port = (event as MessageEvent).ports[0];
  if (message?.type !== 'coffre-download-accept' || port === undefined) return;
  // One ticket per port: the account worker writes it, the page only passed the port along.
  port.onmessage = (ticketEvent: MessageEvent) => {
    port.onmessage = null;
    port.postMessage(acceptTicket(ticketEvent.data));
    port.close();
  };
});

function acceptTicket(data: unknown): TicketReply {
  const message = data as Partial<TicketMessage> | null;
  if (message?.type !== 'coffre-download-ticket' || message.ticket === undefined) return { ok: false, message: 'not a download ticket' };
  const { ticket } = message;
  const downloadId = registry.add(ticket);
  readers.set(ticket, ticket.files.map((file) => new TicketFileReader(ticket, file)));
  return { ok: true, downloadId, url: `${DOWNLOAD_PATH_PREFIX}${downloadId}/${encodeURIComponent(ticket.name)}` };
}

scope.addEventListener('fetch', (event) => {
  const fetchEvent = event as FetchEvent;
  const url = new URL(fetchEvent.request.url);
  if (url.origin !== scope.location.origin || !url.pathname.startsWith(DOWNLOAD_PATH_PREFIX)) return;
  const downloadId = url.pathname.slice(DOWNLOAD_PATH_PREFIX.length).split('/')[0] ?? '';
  fetchEvent.respondWith(answer(fetchEvent.request, downloadId));
});

async function answer(request: Request, downloadId: string): Promise<Response> {
  const ticket = registry.use(downloadId);
  const fileReaders = ticket === undefined ? undefined : readers.get(ticket);
  if (ticket === undefined || fileReaders === undefined) return failure(404, 'This download has expired or does not exist. Start it again from the page.');
  try {
    if (ticket.zip) return answerZip(ticket, fileReaders, request);
    return await answerFile(ticket, fileReaders[0]!, request);
  } catch (error) {
    console.error(`Download ${downloadId.slice(0, 8)}… failed: ${(error as Error).message}`);
    return failure(502, 'This file could not be read: the server did not send it, or sent bytes that failed verification.');
  }
}

function answerZip(ticket: DownloadTicket, fileReaders: TicketFileReader[], request: Request): Response {
  const headers = contentHeaders({ disposition: 'attachment', name: ticket.name, mediaType: null });
  headers.set('Content-Type', 'application/zip');
  headers.delete('Accept-Ranges');
  const length = zipLength(ticket);
  if (length !== null) headers.set('Content-Length', String(length));
  return new Response(zipStream(ticket, fileReaders, request.signal), { status: 200, headers });
}

async function answerFile(ticket: DownloadTicket, reader: TicketFileReader, request: Request): Promise<Response> {
  const decryptor = await reader.open();
  const size = decryptor.header.plaintextLength;
  const headers = contentHeaders({ disposition: ticket.disposition, name: ticket.name, mediaType: ticket.mediaType });
  const range = parseRange(request.headers.get('range'), size);
  if (range === 'unsatisfiable') {
    headers.set('Content-Range', `bytes */${size}`);
    return new Response(null, { status: 416, headers });
  }
  const body = await reader.stream(range, request.signal);
  if (range === null) {
    headers.set('Content-Length', String(size));
    return new Response(body, { status: 200, headers });
  }
  headers.set('Content-Length', String(range.end - range.start));
  headers.set('Content-Range', `bytes ${range.start}-${range.end - 1}/${size}`);
  return new Response(body, { status: 206, headers });
}

function failure(status: number, message: string): Response {
  return new Response(message, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store', 'Content-Security-Policy': "default-src 'none'; sandbox" },
  });
}

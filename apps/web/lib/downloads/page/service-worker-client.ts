// Registers the downloads Service Worker (lib/downloads/sw) and waits until it controls this page:
// the <audio> and <img> requests of previews reach only the worker that controls the page.
import { type AcceptTicketMessage, type KeepAliveMessage, SERVICE_WORKER_URL } from '../ticket.ts';

/** Script URLs the page's Trusted Types policy admits: Next.js chunks and the Service Worker. */
export const OWN_SCRIPT_PATH_PREFIXES = ['/_next/static/', SERVICE_WORKER_URL];

/** The browser cannot stream downloads (no Service Workers: a private window of some browsers, or plain HTTP off localhost). */
export class DownloadsUnavailableError extends Error {
  override readonly name = 'DownloadsUnavailableError';
}

let ready: Promise<ServiceWorker> | undefined;

/** The Service Worker controlling this page, registered on first use. Browser only. */
export function downloadServiceWorker(): Promise<ServiceWorker> {
  ready ??= register();
  ready.catch(() => (ready = undefined));
  return ready;
}

async function register(): Promise<ServiceWorker> {
  const container = navigator.serviceWorker as ServiceWorkerContainer | undefined;
  if (container === undefined) throw new DownloadsUnavailableError('This browser cannot stream files here (Service Workers are off, e.g. in a private window).');
  // The script URL goes through the page's Trusted Types default policy (OWN_SCRIPT_PATH_PREFIXES).
  await container.register(SERVICE_WORKER_URL, { scope: '/' });
  await container.ready;
  if (container.controller !== null) return container.controller;
  // First visit: the worker claims the open pages when it activates.
  return new Promise<ServiceWorker>((resolve) => {
    const onChange = () => {
      if (container.controller === null) return;
      container.removeEventListener('controllerchange', onChange);
      resolve(container.controller);
    };
    container.addEventListener('controllerchange', onChange);
    onChange();
  });
}

/**
 * A fresh channel for one ticket: one port goes to the Service Worker here, the other is for the
 * account worker. The page never reads from either.
 */
export async function ticketPort(): Promise<MessagePort> {
  const controller = await downloadServiceWorker();
  const channel = new MessageChannel();
  controller.postMessage({ type: 'coffre-download-accept' } satisfies AcceptTicketMessage, [channel.port1]);
  return channel.port2;
}

/** Tells the Service Worker a preview is still open, so the browser does not stop it (and drop its tickets). */
export function keepServiceWorkerAlive(): () => void {
  const timer = setInterval(() => {
    navigator.serviceWorker?.controller?.postMessage({ type: 'coffre-download-keepalive' } satisfies KeepAliveMessage);
  }, 20_000);
  return () => clearInterval(timer);
}

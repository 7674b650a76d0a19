// Downloads and previews from the page: the account worker writes the ticket, the Service Worker
// streams the file, and the page only sees a same-origin URL.
import { type AccountStore } from '../../account/account-store.ts';
import { type DownloadTarget, type PreparedDownload } from '../../worker/protocol.ts';
import { ticketPort } from './service-worker-client.ts';

/** A URL the Service Worker answers for `target`: shown inline (previews) or saved (downloads). */
export async function prepareDownload(store: Pick<AccountStore, 'call'>, target: DownloadTarget, disposition: 'attachment' | 'inline'): Promise<PreparedDownload> {
  const port = await ticketPort();
  return store.call('prepareDownload', { target, disposition, port });
}

/**
 * Saves a file (or a folder, as a zip) to disk, streamed and decrypted on the fly: the browser's
 * own download manager writes it, so nothing is held in memory whatever the size.
 * @throws AccountError from the worker (NOT_FOUND, TAMPERED, NOT_SIGNED_IN, ...);
 *   DownloadsUnavailableError when the browser has no Service Workers.
 */
export async function startDownload(store: Pick<AccountStore, 'call'>, target: DownloadTarget): Promise<PreparedDownload> {
  const prepared = await prepareDownload(store, target, 'attachment');
  // A navigation to an attachment does not leave the page; the Service Worker answers it.
  const anchor = document.createElement('a');
  anchor.href = prepared.url;
  anchor.rel = 'noopener';
  anchor.hidden = true;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  return prepared;
}

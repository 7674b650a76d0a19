// A folder as one zip stream (client-zip: stored entries, ZIP64 past 4 GiB, backpressure from
// the reader). Files are opened one after the other, when the zip writer asks for the next one,
// so at most one file's stream is open and memory does not grow with the folder.
import { makeZip, predictLength } from 'client-zip';
import { type DownloadTicket } from '../ticket.ts';
import { type TicketFileReader } from './content-stream.ts';

/** The zip's exact length, when every file's size is known (it is, from the signed metadata). */
export function zipLength(ticket: DownloadTicket): number | null {
  if (ticket.files.some((file) => file.access.size === null)) return null;
  return Number(predictLength(ticket.files.map((file) => ({ name: file.path, size: file.access.size ?? 0 }))));
}

/** The zip of every file of the ticket, under their paths. */
export function zipStream(ticket: DownloadTicket, readers: readonly TicketFileReader[], signal?: AbortSignal): ReadableStream<Uint8Array> {
  async function* entries() {
    for (const [index, file] of ticket.files.entries()) {
      yield {
        name: file.path,
        lastModified: new Date(file.mtime ?? Date.now()),
        size: file.access.size ?? undefined,
        input: await readers[index]!.stream(null, signal),
      };
    }
  }
  return makeZip(entries());
}

// Streams one file of a ticket: fetches ciphertext ranges from the API (the SDK's routes, with the
// ticket's bearer token or link grant), authenticates the header once, then decrypts only the
// chunks a request needs (the SDK's content reader: every chunk is verified before any of its
// bytes are released, and a failure ends the stream with an error instead of wrong bytes).
import { type FileDecryptor, fileContext } from '@coffre/crypto/file';
import { type FetchCiphertext, DriveError, openContent, readPlaintext } from '@coffre/sdk/drive';
import { createDriveRoutesFor } from '@coffre/sdk/drive-routes';
import { createSharingRoutesFor } from '@coffre/sdk/sharing-routes';
import { type DownloadTicket, type TicketFile } from '../ticket.ts';
import { type PlainRange } from './range.ts';

/** The fetcher of one file's ciphertext, through the route its access names. */
export function ciphertextFetcher(ticket: Pick<DownloadTicket, 'apiUrl' | 'token'>, file: TicketFile): FetchCiphertext {
  const { route } = file.access;
  if (route.kind === 'drive') {
    const routes = createDriveRoutesFor({ baseUrl: ticket.apiUrl, token: () => ticket.token ?? undefined });
    return (range, signal) => routes.getVersionContent(route.nodeId, route.number, range, signal);
  }
  const routes = createSharingRoutesFor({ baseUrl: ticket.apiUrl });
  return async (range, signal) => {
    const response = await routes.getLinkContent(route.linkId, route.nodeId, route.grant, range, signal);
    // The public route serves the newest version: it must still be the one the link's metadata named.
    if (response.version !== null && response.version !== route.number) {
      await response.body.cancel().catch(() => undefined);
      throw new DriveError('TAMPERED', 'The server served another version of this file.');
    }
    return response;
  };
}

/**
 * One file of a ticket, its header opened on first use. The raw file key is overwritten as soon
 * as the header is open: from then on only the non-extractable CryptoKey the decryptor imported
 * remains, and it decrypts this version's chunks and nothing else.
 */
export class TicketFileReader {
  private opening: Promise<FileDecryptor> | undefined;
  readonly fetchCiphertext: FetchCiphertext;

  constructor(
    ticket: Pick<DownloadTicket, 'apiUrl' | 'token'>,
    private readonly file: TicketFile,
  ) {
    this.fetchCiphertext = ciphertextFetcher(ticket, file);
  }

  /** The authenticated header, with the signed size checked. @throws DriveError TAMPERED. */
  open(): Promise<FileDecryptor> {
    this.opening ??= this.openHeader();
    // A failed open (the network) may be tried again on the next request.
    this.opening.catch(() => (this.opening = undefined));
    return this.opening;
  }

  /** Plaintext bytes [start, end) (the whole file without a range), verified chunk by chunk. */
  async stream(range: PlainRange | null, signal?: AbortSignal): Promise<ReadableStream<Uint8Array>> {
    const decryptor = await this.open();
    return readPlaintext(decryptor, this.fetchCiphertext, { ...(range ?? {}), ...(signal && { signal }) });
  }

  private async openHeader(): Promise<FileDecryptor> {
    const { access } = this.file;
    if (access.fileKey.every((byte) => byte === 0)) throw new DriveError('TAMPERED', 'This download has expired.');
    const decryptor = await openContent(this.fetchCiphertext, { key: access.fileKey, context: fileContext(access.binding) });
    access.fileKey.fill(0);
    if (access.size !== null && decryptor.header.plaintextLength !== access.size) {
      throw new DriveError('TAMPERED', `The content is not the size its signed metadata gives (${decryptor.header.plaintextLength} instead of ${access.size} bytes).`);
    }
    return decryptor;
  }
}

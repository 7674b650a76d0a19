import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { type Download } from '../download-file.js';

const WRITE_BATCH_BYTES = 1024 * 1024;

/**
 * Bytes written between two flushes to disk started while the download goes on. The file is
 * synced before it replaces the destination; flushing only then would leave the disk idle for the
 * whole download and then make the person wait for all of it (about 0.6 s per GiB here). Flushed
 * as it goes, only the last few MiB are left to wait for.
 */
const FLUSH_EVERY_BYTES = 64 * 1024 * 1024;

export interface SaveOptions {
  /** Bytes written between flushes to disk during the download; default 64 MiB. */
  flushEveryBytes?: number;
}

/**
 * Writes a download to `destination`: first into a temporary file beside it, synced and renamed
 * over the destination only once every chunk has been authenticated. A failure (tampering, network)
 * removes the temporary file and leaves any existing destination untouched.
 */
export async function saveDownload(download: Download, destination: string, options: SaveOptions = {}): Promise<void> {
  const flushEvery = options.flushEveryBytes ?? FLUSH_EVERY_BYTES;
  const temporary = path.join(path.dirname(destination), `.${path.basename(destination)}.${randomBytes(6).toString('hex')}.coffre-partial`);
  const handle = await open(temporary, 'wx', 0o600);
  let completed = false;
  try {
    // Pieces are gathered and written with one writev per MiB or so (a write per 256 KiB chunk
    // costs a system call and an await each), and the next batch is gathered while the last one
    // is being written: waiting for the disk would hold up the download.
    let batch: Uint8Array[] = [];
    let batched = 0;
    let writing: Promise<unknown> = Promise.resolve();
    // One flush to disk at a time, started once enough has been written since the last one began;
    // a failed one fails the download at the next batch.
    let syncing: Promise<void> | undefined;
    let syncFailure: { error: unknown } | undefined;
    let unsynced = 0;
    const flush = async () => {
      await writing;
      if (syncFailure !== undefined) throw syncFailure.error;
      if (batch.length > 0) {
        writing = handle.writev(batch);
        // Its failure is taken up at the next flush; until then it must not count as unhandled.
        writing.catch(() => undefined);
        unsynced += batched;
      }
      batch = [];
      batched = 0;
      if (unsynced >= flushEvery && syncing === undefined) {
        unsynced = 0;
        syncing = handle.datasync().then(
          () => {
            syncing = undefined;
          },
          (error: unknown) => {
            syncFailure ??= { error };
            syncing = undefined;
          },
        );
      }
    };
    const reader = download.stream.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        batch.push(value);
        batched += value.length;
        if (batched >= WRITE_BATCH_BYTES) await flush();
      }
      await flush();
    } finally {
      reader.releaseLock();
      // A write or flush still under way settles before the file is closed (and, on failure, removed).
      await Promise.allSettled([writing, syncing]);
    }
    await writing;
    await syncing;
    if (syncFailure !== undefined) throw syncFailure.error;
    await handle.sync();
    completed = true;
  } finally {
    await handle.close();
    if (!completed) await rm(temporary, { force: true });
  }
  await rename(temporary, destination);
}

import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { type Download } from '../download-file.js';

const WRITE_BATCH_BYTES = 1024 * 1024;

/**
 * Writes a download to `destination`: first into a temporary file beside it, synced and renamed
 * over the destination only once every chunk has been authenticated. A failure (tampering, network)
 * removes the temporary file and leaves any existing destination untouched.
 */
export async function saveDownload(download: Download, destination: string): Promise<void> {
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
    const flush = async () => {
      await writing;
      if (batch.length > 0) {
        writing = handle.writev(batch);
        // Its failure is taken up at the next flush; until then it must not count as unhandled.
        writing.catch(() => undefined);
      }
      batch = [];
      batched = 0;
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
      // A write still under way settles before the file is closed (and, on failure, removed).
      await writing.catch(() => undefined);
    }
    await writing;
    await handle.sync();
    completed = true;
  } finally {
    await handle.close();
    if (!completed) await rm(temporary, { force: true });
  }
  await rename(temporary, destination);
}

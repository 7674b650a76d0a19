// Web streams over files with real backpressure: one read is issued per pull, so memory stays
// at a few blocks whatever the file size (Readable.toWeb on Node 20 reads ahead without bound).
import { open } from 'node:fs/promises';

export function fileSource(path: string, blockSize = 1024 * 1024, end?: number): ReadableStream<Uint8Array> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  let position = 0;
  return new ReadableStream<Uint8Array>(
    {
      async start() {
        handle = await open(path, 'r');
      },
      async pull(controller) {
        const want = end === undefined ? blockSize : Math.min(blockSize, end - position);
        const buffer = new Uint8Array(Math.max(want, 0));
        const { bytesRead } = want > 0 ? await handle!.read(buffer, 0, want, position) : { bytesRead: 0 };
        if (bytesRead === 0) {
          await handle!.close();
          controller.close();
          return;
        }
        position += bytesRead;
        controller.enqueue(bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead));
      },
      async cancel() {
        await handle?.close();
      },
    },
    { highWaterMark: 2 },
  );
}

/**
 * A file sink that gathers chunks into batches of about `batchSize` bytes and writes each batch
 * with one writev, keeping one batch in flight while the next fills: the producer (encryption)
 * and the disk work at the same time, and small chunks cost one system call per batch.
 */
export function fileSink(path: string, batchSize = 4 * 1024 * 1024): WritableStream<Uint8Array> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  let batch: Uint8Array[] = [];
  let batched = 0;
  let inFlight: Promise<unknown> = Promise.resolve();

  const writeAll = async (buffers: Uint8Array[]) => {
    let remaining = buffers.reduce((sum, b) => sum + b.length, 0);
    let pending = buffers;
    while (remaining > 0) {
      const { bytesWritten } = await handle!.writev(pending);
      remaining -= bytesWritten;
      if (remaining === 0) break;
      // A short write: drop what was written and go on with the rest.
      let skip = bytesWritten;
      pending = pending.flatMap((b) => {
        if (skip >= b.length) {
          skip -= b.length;
          return [];
        }
        const rest = b.subarray(skip);
        skip = 0;
        return [rest];
      });
    }
  };
  const flush = async () => {
    await inFlight;
    const buffers = batch;
    batch = [];
    batched = 0;
    inFlight = writeAll(buffers);
    inFlight.catch(() => {}); // surfaced by the next flush or by close
  };

  return new WritableStream<Uint8Array>({
    async start() {
      handle = await open(path, 'w');
    },
    async write(chunk) {
      batch.push(chunk);
      batched += chunk.length;
      if (batched >= batchSize) await flush();
    },
    async close() {
      await flush();
      await inFlight;
      await handle!.close();
    },
    async abort() {
      await inFlight.catch(() => {});
      await handle?.close();
    },
  });
}

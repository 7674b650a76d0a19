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

export function fileSink(path: string): WritableStream<Uint8Array> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  return new WritableStream<Uint8Array>(
    {
      async start() {
        handle = await open(path, 'w');
      },
      async write(chunk) {
        let offset = 0;
        while (offset < chunk.length) {
          const { bytesWritten } = await handle!.write(chunk, offset, chunk.length - offset);
          offset += bytesWritten;
        }
      },
      async close() {
        await handle!.close();
      },
      async abort() {
        await handle?.close();
      },
    },
    { highWaterMark: 4 },
  );
}

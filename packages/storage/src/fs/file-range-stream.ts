import { type FileHandle } from 'node:fs/promises';

/**
 * Streams bytes `start` to `end` (exclusive) of an open file, one positional read per pull, and
 * closes the file when the stream ends, fails or is cancelled. One chunk is read ahead so that the
 * next disk read overlaps whatever the consumer does with the current chunk (hashing, sending).
 *
 * Chunks start at `start` and are `chunkSize` long (the last may be shorter): a consumer that
 * works in blocks dividing `chunkSize` can slice them without copying.
 */
export function fileRangeStream(handle: FileHandle, start: number, end: number, chunkSize: number): ReadableStream<Uint8Array> {
  let position = start;
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await handle.close();
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const want = Math.min(chunkSize, end - position);
          if (want <= 0) {
            await close();
            controller.close();
            return;
          }
          const chunk = new Uint8Array(want);
          let filled = 0;
          while (filled < want) {
            const { bytesRead } = await handle.read(chunk, filled, want - filled, position + filled);
            // The file cannot shrink under us (objects are replaced by rename, never rewritten),
            // so a short file means it was damaged on disk: hand out what is there and let the
            // reader's length check flag it.
            if (bytesRead === 0) break;
            filled += bytesRead;
          }
          position += filled;
          if (filled < want) {
            await close();
            if (filled > 0) controller.enqueue(chunk.subarray(0, filled));
            controller.close();
            return;
          }
          controller.enqueue(chunk);
        } catch (error) {
          await close().catch(() => undefined);
          controller.error(error);
        }
      },
      cancel: close,
    },
    { highWaterMark: 1 },
  );
}

import { type FileHandle } from 'node:fs/promises';

/**
 * Streams bytes `start` to `end` (exclusive) of an open file, and closes the file when the stream
 * ends, fails or is cancelled.
 *
 * A byte stream: a BYOB reader has the file read straight into its own buffer, one positional read
 * per request, which is how the replicated store reads (it then hands that buffer to a hashing
 * worker without copying it). A default reader gets chunks of `chunkSize` bytes (the last may be
 * shorter), each in a buffer of its own. Nothing is read before it is asked for (a high-water mark
 * of zero): bytes read ahead into the stream's queue would have to be copied out into a BYOB
 * reader's buffer, and the store reads ahead itself.
 */
export function fileRangeStream(handle: FileHandle, start: number, end: number, chunkSize: number): ReadableStream<Uint8Array> {
  let position = start;
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await handle.close();
  };
  return new ReadableStream(
    {
      type: 'bytes',
      // Gives every pull a request to fill, default readers included.
      autoAllocateChunkSize: chunkSize,
      async pull(controller) {
        const request = controller.byobRequest!;
        try {
          const view = request.view!;
          const target = new Uint8Array(view.buffer, view.byteOffset, Math.min(view.byteLength, end - position));
          let filled = 0;
          while (filled < target.length) {
            const { bytesRead } = await handle.read(target, filled, target.length - filled, position + filled);
            // The file cannot shrink under us (objects are replaced by rename, never rewritten),
            // so a short file means it was damaged on disk: hand out what is there and let the
            // reader's length check flag it.
            if (bytesRead === 0) break;
            filled += bytesRead;
          }
          position += filled;
          const ended = filled < target.length || position >= end;
          if (filled > 0) request.respond(filled);
          if (ended) {
            controller.close();
            // A read still waiting (this one if nothing was read, or one made since) must be
            // answered with zero bytes once the stream is closed, or it waits for ever.
            controller.byobRequest?.respond(0);
            await close();
          }
        } catch (error) {
          await close().catch(() => undefined);
          controller.error(error);
        }
      },
      cancel: close,
    },
    { highWaterMark: 0 },
  ) as ReadableStream<Uint8Array>;
}

import { type Readable } from 'node:stream';

/**
 * A web ReadableStream over a Node Readable that reads one chunk per pull, so memory stays at the
 * Node stream's own buffer whatever the consumer's pace. (`Readable.toWeb` on Node 20 keeps
 * reading ahead without bound, which turns a slow consumer into a whole object in memory.)
 * Cancelling the web stream destroys the Node one, which for an HTTP response closes the socket.
 */
export function webStreamFromNode(readable: Readable): ReadableStream<Uint8Array> {
  const chunks = readable[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      async cancel() {
        readable.destroy();
        await chunks.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}

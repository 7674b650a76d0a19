/**
 * The `take` bytes that follow the first `skip` bytes of `source`; the rest of `source` is
 * cancelled as soon as they have been delivered. Ends early if `source` does, so that a reader
 * checking lengths sees the shortfall.
 */
export function sliceStream(source: ReadableStream<Uint8Array>, skip: number, take: number): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let toSkip = skip;
  let remaining = take;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        for (;;) {
          if (remaining === 0) {
            await reader.cancel();
            controller.close();
            return;
          }
          const { done, value } = await reader.read();
          if (done) {
            controller.close();
            return;
          }
          let chunk = value;
          if (toSkip >= chunk.length) {
            toSkip -= chunk.length;
            continue;
          }
          chunk = chunk.subarray(toSkip, toSkip + remaining);
          toSkip = 0;
          remaining -= chunk.length;
          controller.enqueue(chunk);
          return;
        }
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}

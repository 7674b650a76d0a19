/**
 * Merges runs of small chunks into chunks of at least `minBytes`; chunks already that large pass
 * through untouched. An HTTP upload arrives in pieces of 16-64 KiB: written as they come to three
 * backends, that is tens of thousands of small writes per gigabyte, each a system call and a
 * promise. One copy here saves all of them.
 */
export function coalesceChunks(source: ReadableStream<Uint8Array>, minBytes: number): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;

  const takePending = (): Uint8Array => {
    const merged = new Uint8Array(pendingBytes);
    let offset = 0;
    for (const chunk of pending) {
      merged.set(chunk, offset);
      offset += chunk.length;
    }
    pending = [];
    pendingBytes = 0;
    return merged;
  };

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) {
            if (pendingBytes > 0) controller.enqueue(takePending());
            controller.close();
            return;
          }
          if (pendingBytes === 0 && value.length >= minBytes) {
            controller.enqueue(value);
            return;
          }
          if (value.length === 0) continue;
          pending.push(value);
          pendingBytes += value.length;
          if (pendingBytes >= minBytes) {
            controller.enqueue(takePending());
            return;
          }
        }
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}

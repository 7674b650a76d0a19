// A backend wrapper that injects the failures the replicated store must survive, on cue.
import { type GetOptions, type ListOptions, type ListPage, type ObjectBackend, type ObjectRead, type ObjectStat, type PutOptions } from '../../src/backend.js';
import { StorageError } from '../../src/errors.js';
import { type ObjectId } from '../../src/object-id.js';

export interface Faults {
  /** Every operation fails at once, as from a provider that is unreachable. */
  down?: boolean;
  /** A put takes this many bytes, then the backend dies (UNAVAILABLE). */
  failPutAfterBytes?: number;
  /** A put takes this many bytes, then stops taking any, until aborted. */
  hangPutAfterBytes?: number;
  /** A put completes on the inner backend, then reports failure, as when an acknowledgement is lost. */
  failPutAfterCommit?: boolean;
  /** A get answers only after this long (or rejects ABORTED if aborted first). */
  getDelayMs?: number;
  /** A get's body delivers this many bytes, then nothing more, until cancelled. */
  stallGetAfterBytes?: number;
}

const unreachable = (id: string): StorageError => new StorageError('UNAVAILABLE', `${id} is unreachable (injected)`);

/** Wraps `inner` with the faults in `faults`, which a test may change at any time. */
export class FaultyBackend implements ObjectBackend {
  readonly id: string;
  readonly jurisdiction: string;
  faults: Faults = {};

  constructor(readonly inner: ObjectBackend) {
    this.id = inner.id;
    this.jurisdiction = inner.jurisdiction;
  }

  async put(key: ObjectId, body: ReadableStream<Uint8Array>, options: PutOptions): Promise<void> {
    if (this.faults.down) {
      await body.cancel().catch(() => undefined);
      throw unreachable(this.id);
    }
    const { failPutAfterBytes, hangPutAfterBytes } = this.faults;
    const sabotaged =
      failPutAfterBytes !== undefined || hangPutAfterBytes !== undefined
        ? cutOff(body, failPutAfterBytes ?? hangPutAfterBytes!, failPutAfterBytes !== undefined ? 'fail' : 'hang', this.id)
        : body;
    await this.inner.put(key, sabotaged, options);
    if (this.faults.failPutAfterCommit) throw unreachable(this.id);
  }

  async get(key: ObjectId, options: GetOptions = {}): Promise<ObjectRead> {
    if (this.faults.down) throw unreachable(this.id);
    const { getDelayMs, stallGetAfterBytes } = this.faults;
    if (getDelayMs !== undefined) await delay(getDelayMs, options.signal);
    const read = await this.inner.get(key, options);
    if (stallGetAfterBytes === undefined) return read;
    // The body is no longer the file's bytes, so readers must not read the file (`localFile`) instead.
    return { size: read.size, body: cutOff(read.body, stallGetAfterBytes, 'hang', this.id) };
  }

  async head(key: ObjectId): Promise<ObjectStat> {
    if (this.faults.down) throw unreachable(this.id);
    return this.inner.head(key);
  }

  async delete(key: ObjectId): Promise<void> {
    if (this.faults.down) throw unreachable(this.id);
    return this.inner.delete(key);
  }

  async list(options?: ListOptions): Promise<ListPage> {
    if (this.faults.down) throw unreachable(this.id);
    return this.inner.list(options);
  }
}

/**
 * Passes the first `limit` bytes of `source` through, then either errors (a backend that died) or
 * delivers nothing more until cancelled (a backend that hangs).
 */
function cutOff(source: ReadableStream<Uint8Array>, limit: number, mode: 'fail' | 'hang', id: string): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let passed = 0;
  let hung: (() => void) | undefined;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (passed >= limit) {
          if (mode === 'fail') {
            const died = new StorageError('UNAVAILABLE', `${id} died midway (injected)`);
            await reader.cancel(died);
            throw died;
          }
          await new Promise<void>((resolve) => (hung = resolve));
          return;
        }
        const { done, value } = await reader.read();
        if (done) return controller.close();
        const chunk = value.subarray(0, limit - passed);
        passed += chunk.length;
        controller.enqueue(chunk);
      },
      cancel: async (reason) => {
        hung?.();
        await reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new StorageError('ABORTED', 'aborted while delayed (injected)'));
      },
      { once: true },
    );
  });
}

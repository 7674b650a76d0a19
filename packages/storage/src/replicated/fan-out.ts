import { StorageError } from '../errors.js';

export interface FanOutOptions {
  /** Chunks each branch may hold unread; the source is read no faster than the slowest live branch. */
  readonly branchBuffer: number;
  /** A branch that takes nothing for this long is dropped, so one hung backend cannot hold up the rest. */
  readonly stallTimeoutMs: number;
  /** Sees every chunk once, as it is handed to the branches (block hashing). */
  readonly onChunk: (chunk: Uint8Array) => void;
  /** Told when a branch was dropped for stalling, so that its consumer can be aborted. */
  readonly onStall: (branch: number) => void;
}

interface Branch {
  readonly stream: ReadableStream<Uint8Array>;
  readonly controller: ReadableStreamDefaultController<Uint8Array>;
  live: boolean;
  /** Resolves the pump's wait for this branch to want more (or to be dropped). */
  wake: (() => void) | undefined;
}

/**
 * Streams one source to several consumers at once without holding the whole object: each branch
 * buffers at most `branchBuffer` chunks, and the source is read only when every live branch has
 * room. Chunks are shared between branches, not copied, so consumers must not modify them.
 *
 * (`ReadableStream.tee()` will not do: it reads at the pace of the fastest branch and queues
 * everything the slower ones have not taken, which for a slow backend is the whole object.)
 *
 * A branch whose consumer fails is dropped with `drop`; one that stalls is dropped by the fan-out
 * itself. The others carry on: that is what lets a write reach its quorum when a backend dies
 * midway. A failing source errors every live branch.
 */
export class FanOut {
  readonly #branches: Branch[];
  readonly #options: FanOutOptions;
  readonly #sourceReader: ReadableStreamDefaultReader<Uint8Array>;
  /** Settles once the source has been read to its end (or has failed, or been cancelled). */
  readonly finished: Promise<void>;

  constructor(source: ReadableStream<Uint8Array>, branchCount: number, options: FanOutOptions) {
    this.#options = options;
    this.#sourceReader = source.getReader();
    this.#branches = Array.from({ length: branchCount }, (_, index) => this.#createBranch(index));
    this.finished = this.#pump();
  }

  /** The stream for consumer `index`. */
  branch(index: number): ReadableStream<Uint8Array> {
    return this.#branches[index]!.stream;
  }

  /** Stops feeding branch `index` and errors it with `reason`; the source keeps going for the rest. */
  drop(index: number, reason: unknown): void {
    const branch = this.#branches[index]!;
    if (!branch.live) return;
    branch.live = false;
    try {
      branch.controller.error(reason);
    } catch {
      // Already closed: the consumer has everything, nothing to undo.
    }
    branch.wake?.();
  }

  /** Stops everything: cancels the source and errors every live branch. */
  abort(reason: unknown): void {
    this.#branches.forEach((_, index) => this.drop(index, reason));
    void this.#sourceReader.cancel(reason).catch(() => undefined);
  }

  #createBranch(index: number): Branch {
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const stream = new ReadableStream<Uint8Array>(
      {
        // Runs synchronously in the constructor, so `controller` is set on the next line.
        start: (started) => void (controller = started),
        pull: () => branch.wake?.(),
        cancel: (reason) => this.drop(index, reason),
      },
      new CountQueuingStrategy({ highWaterMark: this.#options.branchBuffer }),
    );
    const branch: Branch = { stream, controller, live: true, wake: undefined };
    return branch;
  }

  async #pump(): Promise<void> {
    try {
      for (;;) {
        await this.#waitForRoom();
        const live = this.#branches.filter((branch) => branch.live);
        if (live.length === 0) {
          await this.#sourceReader.cancel(new StorageError('ABORTED', 'every consumer of the body has failed'));
          return;
        }
        const { done, value } = await this.#sourceReader.read();
        if (done) {
          for (const branch of this.#branches.filter((candidate) => candidate.live)) branch.controller.close();
          return;
        }
        this.#options.onChunk(value);
        for (const branch of this.#branches.filter((candidate) => candidate.live)) branch.controller.enqueue(value);
      }
    } catch (error) {
      this.#branches.forEach((_, index) => this.drop(index, error));
      throw error;
    }
  }

  /** Waits until every live branch has room for another chunk, dropping those that stall. */
  async #waitForRoom(): Promise<void> {
    for (const [index, branch] of this.#branches.entries()) {
      while (branch.live && (branch.controller.desiredSize ?? 0) <= 0) {
        const tookMore = await new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(false), this.#options.stallTimeoutMs);
          branch.wake = () => {
            clearTimeout(timer);
            resolve(true);
          };
        });
        branch.wake = undefined;
        if (!tookMore) {
          this.drop(index, new StorageError('ABORTED', `took nothing for ${this.#options.stallTimeoutMs} ms`));
          this.#options.onStall(index);
        }
      }
    }
  }
}

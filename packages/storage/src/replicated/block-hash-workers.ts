import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { StorageError } from '../errors.js';
import { BLOCK_HASH_WORKER_SOURCE } from './block-hash-worker-source.js';
import { type BlockHashing, type FileBytes, type HashedBlocks, digestBlocks } from './block-hashing.js';

export interface BlockHashWorkersOptions {
  /** Worker threads at most; started on demand. Default: `defaultHashThreads()`. */
  readonly threads?: number;
  /** The workers' code. Only tests set it, to run a worker that crashes. */
  readonly workerSource?: string;
}

/**
 * Worker threads when none are asked for: one per core, up to four. The batches of a verified
 * read are hashed on them in turn while the calling thread reads the next ones, so that one read
 * uses every core (with `workerFileReads`, the workers read the file too; docs/benchmarks.md,
 * "Replicated storage"). More threads serve reads running at once.
 */
export function defaultHashThreads(): number {
  return Math.min(4, availableParallelism());
}

/**
 * Hashes blocks on worker threads (node:crypto), so that a verified read uses every core.
 *
 * Bytes are handed over without a copy: the buffer is transferred to a worker, hashed there, and
 * transferred back with the digests. Bytes of a local file are better read by the worker itself
 * (`readAndHashBlocks`), into a buffer transferred to it and back: the calling thread only
 * allocates buffers and receives hashed batches. Jobs go to the least busy worker, so the batches of one read alternate between them;
 * callers await them in their own order. Workers start on first use and do not keep the process
 * alive while idle (they are unreferenced between jobs); `close()` stops them. A worker that
 * crashes fails the jobs it held with INTERNAL, is dropped, and the next job starts a fresh one.
 */
export class BlockHashWorkers implements BlockHashing {
  readonly threads: number;
  readonly #source: string;
  readonly #running: HashThread[] = [];
  #nextJob = 0;
  #closed = false;

  /** @throws {StorageError} INVALID_INPUT for a thread count that is not a positive integer. */
  constructor(options: BlockHashWorkersOptions = {}) {
    const threads = options.threads ?? defaultHashThreads();
    if (!Number.isSafeInteger(threads) || threads < 1) throw new StorageError('INVALID_INPUT', 'hash threads are a positive integer');
    this.threads = threads;
    this.#source = options.workerSource ?? BLOCK_HASH_WORKER_SOURCE;
  }

  hashBlocks(bytes: Uint8Array, blockSize: number): Promise<HashedBlocks> {
    if (this.#closed) return Promise.reject(closedError());
    // Nothing to hand over, or memory that cannot be transferred: hashing here is all there is.
    if (bytes.length === 0 || !(bytes.buffer instanceof ArrayBuffer)) return Promise.resolve({ bytes, digests: digestBlocks(bytes, blockSize) });
    const { buffer, byteOffset, byteLength } = bytes;
    return this.#pick().run({ id: this.#nextJob++, buffer, byteOffset, byteLength, blockSize }, [buffer as ArrayBuffer], byteOffset);
  }

  readAndHashBlocks(file: FileBytes, blockSize: number, stallMs?: number): Promise<HashedBlocks> {
    if (this.#closed) return Promise.reject(closedError());
    const { fd, position, length } = file;
    // Allocated here rather than in the worker: in a prototype of this read, buffers allocated by
    // the workers were collected later by this thread's garbage collector (peak RSS of a 1 GiB read
    // 138-147 MiB instead of 103-113). Zeroed like any ArrayBuffer: no stale memory can leave.
    const buffer = new ArrayBuffer(length);
    return this.#pick().run({ id: this.#nextJob++, fd, position, buffer, blockSize }, [buffer], 0, stallMs);
  }

  /**
   * Stops every worker; jobs still held fail with ABORTED once their worker has stopped (so no
   * file read of theirs is still running), and later ones at once.
   */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.#running.splice(0).map((thread) => thread.stop(closedError())));
  }

  /** Workers running now (tests use it to see that they are started on demand and stopped). */
  get runningThreads(): number {
    return this.#running.length;
  }

  /** The least busy worker, or a new one while some are busy and fewer than `threads` run. */
  #pick(): HashThread {
    let best: HashThread | undefined;
    for (const thread of this.#running) if (best === undefined || thread.load < best.load) best = thread;
    if (best !== undefined && (best.load === 0 || this.#running.length >= this.threads)) return best;
    const thread = new HashThread(this.#source, (dead) => {
      const index = this.#running.indexOf(dead);
      if (index !== -1) this.#running.splice(index, 1);
    });
    this.#running.push(thread);
    return thread;
  }
}

/**
 * Heap limits of a hashing worker. Its bytes all live outside the heap (transferred buffers); on
 * it live only a job's message, digests and hash contexts, garbage once the job is answered. With
 * the default limits, two workers that had answered 3,000 jobs left the process's RSS 5-10 MiB
 * higher, which counts against a verified read's peak (docs/benchmarks.md, "Replicated storage",
 * session 4). Still far above what a worker holds: Node's own start-up takes about 5 MiB.
 */
const HASH_WORKER_HEAP = { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 32 } as const;

interface PendingJob {
  readonly resolve: (hashed: HashedBlocks) => void;
  readonly reject: (error: StorageError) => void;
  /** Where the bytes sit in the buffer that comes back. */
  readonly byteOffset: number;
  /** For a file job: how long it may run once its worker has started it. */
  readonly stallMs: number | undefined;
  stallTimer?: NodeJS.Timeout;
}

/** A job as the worker takes it (block-hash-worker-source.ts). */
type Job = { readonly id: number; readonly blockSize: number } & (
  | { readonly buffer: ArrayBufferLike; readonly byteOffset: number; readonly byteLength: number }
  | { readonly fd: number; readonly position: number; readonly buffer: ArrayBuffer }
);

type Reply =
  | { id: number; buffer: ArrayBuffer; byteLength: number; digests: Uint8Array }
  | { id: number; readError: string }
  | { id: number; buffer: ArrayBuffer; error: string };

/** One worker thread and the jobs it holds. */
class HashThread {
  readonly #worker: Worker;
  readonly #jobs = new Map<number, PendingJob>();
  readonly #onDead: (thread: HashThread) => void;
  #stopping = false;
  #online = false;
  #crash: StorageError | undefined;

  constructor(source: string, onDead: (thread: HashThread) => void) {
    this.#onDead = onDead;
    this.#worker = new Worker(source, { eval: true, resourceLimits: HASH_WORKER_HEAP });
    // Referenced only while it holds jobs: an idle pool never keeps the process from exiting.
    this.#worker.unref();
    this.#worker.on('message', (reply: Reply) => this.#settle(reply));
    this.#worker.once('online', () => {
      this.#online = true;
      this.#watchCurrentJob();
    });
    this.#worker.on('error', (error) => this.#die(new StorageError('INTERNAL', `a block hashing worker crashed: ${error.message}`, { cause: error })));
    this.#worker.on('messageerror', (error) => {
      // Its jobs fail once it has exited (see `stop`), with this reason rather than the exit's.
      this.#crash ??= new StorageError('INTERNAL', 'a block hashing worker sent a message that could not be read', { cause: error });
      void this.#worker.terminate();
    });
    this.#worker.on('exit', (code) => this.#die(this.#crash ?? new StorageError('INTERNAL', `a block hashing worker exited (code ${code})`)));
  }

  get load(): number {
    return this.#jobs.size;
  }

  run(job: Job, transfer: ArrayBuffer[], byteOffset: number, stallMs?: number): Promise<HashedBlocks> {
    return new Promise<HashedBlocks>((resolve, reject) => {
      try {
        this.#worker.postMessage(job, transfer);
      } catch (error) {
        reject(new StorageError('INVALID_INPUT', 'these bytes cannot be handed to a hashing worker (is their buffer shared or detached?)', { cause: error }));
        return;
      }
      if (this.#jobs.size === 0) this.#worker.ref();
      this.#jobs.set(job.id, { resolve, reject, byteOffset, stallMs });
      this.#watchCurrentJob();
    });
  }

  /**
   * Terminates the worker; its jobs fail with `reason` once it has stopped. Failing them only then
   * matters for file jobs: their callers close the file once the job has settled, and a descriptor
   * closed while the worker could still read it may meanwhile belong to another file.
   */
  async stop(reason: StorageError): Promise<void> {
    this.#stopping = true;
    try {
      await this.#worker.terminate();
    } finally {
      this.#failAll(reason);
    }
  }

  #settle(reply: Reply): void {
    const job = this.#jobs.get(reply.id);
    // Once stopping, every job fails with the reason for stopping, even one answered meanwhile.
    if (job === undefined || this.#stopping) return;
    clearTimeout(job.stallTimer);
    this.#jobs.delete(reply.id);
    if (this.#jobs.size === 0) this.#worker.unref();
    this.#watchCurrentJob();
    if ('readError' in reply) {
      job.reject(new StorageError('UNAVAILABLE', `a block hashing worker could not read the file: ${reply.readError}`));
      return;
    }
    if ('error' in reply) {
      job.reject(new StorageError('INTERNAL', `a block hashing worker refused a job: ${reply.error}`));
      return;
    }
    job.resolve({ bytes: new Uint8Array(reply.buffer, job.byteOffset, reply.byteLength), digests: reply.digests });
  }

  /**
   * Starts the stall timer of the job the worker is working on: the oldest it holds, since it takes
   * them in order, one at a time. So a job's time counts from when its worker started it, not from
   * when it was queued or while the worker itself was starting.
   */
  #watchCurrentJob(): void {
    if (!this.#online || this.#stopping) return;
    const current = this.#jobs.values().next().value;
    if (current?.stallMs === undefined || current.stallTimer !== undefined) return;
    const { stallMs } = current;
    current.stallTimer = setTimeout(() => this.#stalled(stallMs), stallMs);
  }

  /**
   * A file read has not returned for `stallMs` (a hung disk): the worker is stuck in it, and so
   * is every job queued behind it. They all fail with UNAVAILABLE, which a reader takes for its
   * copy's failure and fails over; the pool forgets the worker and starts a fresh one for the
   * next job. Terminating it takes effect once the read returns, if ever.
   */
  #stalled(stallMs: number): void {
    this.#stopping = true;
    this.#onDead(this);
    this.#failAll(new StorageError('UNAVAILABLE', `a file read on a block hashing worker did not return within ${stallMs} ms`));
    void this.#worker.terminate();
  }

  /** The worker is gone or unusable: its jobs fail, and the pool forgets it. */
  #die(error: StorageError): void {
    this.#onDead(this);
    if (!this.#stopping) this.#failAll(error);
  }

  #failAll(error: StorageError): void {
    const jobs = [...this.#jobs.values()];
    this.#jobs.clear();
    for (const job of jobs) {
      clearTimeout(job.stallTimer);
      job.reject(error);
    }
  }
}

function closedError(): StorageError {
  return new StorageError('ABORTED', 'the block hashing workers have been closed');
}

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { StorageError } from '../errors.js';
import { BLOCK_HASH_WORKER_SOURCE } from './block-hash-worker-source.js';
import { type BlockHashing, type HashedBlocks, digestBlocks } from './block-hashing.js';

export interface BlockHashWorkersOptions {
  /** Worker threads at most; started on demand. Default: `defaultHashThreads()`. */
  readonly threads?: number;
  /** The workers' code. Only tests set it, to run a worker that crashes. */
  readonly workerSource?: string;
}

/**
 * Worker threads when none are asked for: one per core but one (the main thread keeps one),
 * between one and four. One read keeps one thread busy; more serve reads running at once. On two
 * cores a second thread made a read no faster and cost more CPU (docs/benchmarks.md, "Replicated
 * storage").
 */
export function defaultHashThreads(): number {
  return Math.min(4, Math.max(1, availableParallelism() - 1));
}

/**
 * Hashes blocks on worker threads (node:crypto), so that a verified read hashes one run of blocks
 * while it reads the next, on two cores instead of one.
 *
 * Bytes are handed over without a copy: the buffer is transferred to a worker, hashed there, and
 * transferred back with the digests. Workers start on first use and do not keep the process alive
 * while idle (they are unreferenced between jobs); `close()` stops them. A worker that crashes
 * fails the jobs it held with INTERNAL, is dropped, and the next job starts a fresh one.
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
    return this.#pick().run(this.#nextJob++, bytes, blockSize);
  }

  /** Stops every worker; jobs still held fail with ABORTED, and later ones at once. */
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

interface PendingJob {
  readonly resolve: (hashed: HashedBlocks) => void;
  readonly reject: (error: StorageError) => void;
  readonly byteOffset: number;
  readonly byteLength: number;
}

type Reply = { id: number; buffer: ArrayBuffer; digests: Uint8Array } | { id: number; buffer: ArrayBuffer; error: string };

/** One worker thread and the jobs it holds. */
class HashThread {
  readonly #worker: Worker;
  readonly #jobs = new Map<number, PendingJob>();
  readonly #onDead: (thread: HashThread) => void;
  #stopping = false;

  constructor(source: string, onDead: (thread: HashThread) => void) {
    this.#onDead = onDead;
    this.#worker = new Worker(source, { eval: true });
    // Referenced only while it holds jobs: an idle pool never keeps the process from exiting.
    this.#worker.unref();
    this.#worker.on('message', (reply: Reply) => this.#settle(reply));
    this.#worker.on('error', (error) => this.#die(new StorageError('INTERNAL', `a block hashing worker crashed: ${error.message}`, { cause: error })));
    this.#worker.on('messageerror', (error) => {
      this.#die(new StorageError('INTERNAL', 'a block hashing worker sent a message that could not be read', { cause: error }));
      void this.#worker.terminate();
    });
    this.#worker.on('exit', (code) => this.#die(new StorageError('INTERNAL', `a block hashing worker exited (code ${code})`)));
  }

  get load(): number {
    return this.#jobs.size;
  }

  run(id: number, bytes: Uint8Array, blockSize: number): Promise<HashedBlocks> {
    return new Promise<HashedBlocks>((resolve, reject) => {
      const { buffer, byteOffset, byteLength } = bytes;
      try {
        this.#worker.postMessage({ id, buffer, byteOffset, byteLength, blockSize }, [buffer as ArrayBuffer]);
      } catch (error) {
        reject(new StorageError('INVALID_INPUT', 'these bytes cannot be handed to a hashing worker (is their buffer shared or detached?)', { cause: error }));
        return;
      }
      if (this.#jobs.size === 0) this.#worker.ref();
      this.#jobs.set(id, { resolve, reject, byteOffset, byteLength });
    });
  }

  /** Terminates the worker; its jobs fail with `reason`. */
  async stop(reason: StorageError): Promise<void> {
    this.#stopping = true;
    this.#failAll(reason);
    await this.#worker.terminate();
  }

  #settle(reply: Reply): void {
    const job = this.#jobs.get(reply.id);
    if (job === undefined) return;
    this.#jobs.delete(reply.id);
    if (this.#jobs.size === 0) this.#worker.unref();
    if ('error' in reply) {
      job.reject(new StorageError('INTERNAL', `a block hashing worker refused a job: ${reply.error}`));
      return;
    }
    job.resolve({ bytes: new Uint8Array(reply.buffer, job.byteOffset, job.byteLength), digests: reply.digests });
  }

  /** The worker is gone or unusable: its jobs fail, and the pool forgets it. */
  #die(error: StorageError): void {
    this.#onDead(this);
    if (!this.#stopping) this.#failAll(error);
  }

  #failAll(error: StorageError): void {
    const jobs = [...this.#jobs.values()];
    this.#jobs.clear();
    for (const job of jobs) job.reject(error);
  }
}

function closedError(): StorageError {
  return new StorageError('ABORTED', 'the block hashing workers have been closed');
}

import { type ObjectId } from './object-id.js';

/**
 * Mutual exclusion per object between writers, repairers and deleters. Without it, a write that
 * fails below quorum could delete a copy that a concurrent write of the same object (same id,
 * same bytes) has just placed and referenced.
 *
 * Part 1 locks within one process (`InProcessObjectLocks`); several API instances need a shared
 * lock (a Postgres advisory lock keyed by the id), which part 2 provides behind this interface.
 */
export interface ObjectLocks {
  /** Runs `critical` while no other holder of `objectId`'s lock runs; waits its turn. */
  withLock<T>(objectId: ObjectId, critical: () => Promise<T>): Promise<T>;
}

/** Locks held in this process: a queue of waiters per object id. */
export class InProcessObjectLocks implements ObjectLocks {
  readonly #tails = new Map<ObjectId, Promise<void>>();

  async withLock<T>(objectId: ObjectId, critical: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(objectId) ?? Promise.resolve();
    let release!: () => void;
    const tail = new Promise<void>((resolve) => (release = resolve));
    this.#tails.set(objectId, tail);
    await previous;
    try {
      return await critical();
    } finally {
      if (this.#tails.get(objectId) === tail) this.#tails.delete(objectId);
      release();
    }
  }
}

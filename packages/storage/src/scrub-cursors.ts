import { type ObjectId } from './object-id.js';

/**
 * Where the scrub's listing of each backend stands between runs, so that a run lists a bounded
 * slice of a backend (resuming after the last key the previous run collected) instead of listing
 * it whole, and starts over from the first key once a listing has reached the end.
 *
 * `InMemoryScrubCursors` keeps them in memory; the API keeps them in Postgres, beside the copy
 * records the scrub also works from, so that every instance and every restart resumes from the
 * same place.
 */
export interface ScrubCursors {
  /** The key after which the next listing of `backendId` starts; undefined: from the first key. */
  get(backendId: string): Promise<ObjectId | undefined>;

  /**
   * Moves the cursor of `backendId` from `from` to `to` (undefined: back to the first key), if it
   * is still at `from`. False when another run has moved it meanwhile: that run is ahead, and
   * moving the cursor back over its work would only repeat it.
   */
  advance(backendId: string, from: ObjectId | undefined, to: ObjectId | undefined): Promise<boolean>;
}

/** Cursors in a Map: for tests and single-process tools; a restart starts every listing over. */
export class InMemoryScrubCursors implements ScrubCursors {
  readonly #cursors = new Map<string, ObjectId>();

  async get(backendId: string): Promise<ObjectId | undefined> {
    return this.#cursors.get(backendId);
  }

  async advance(backendId: string, from: ObjectId | undefined, to: ObjectId | undefined): Promise<boolean> {
    if (this.#cursors.get(backendId) !== from) return false;
    if (to === undefined) this.#cursors.delete(backendId);
    else this.#cursors.set(backendId, to);
    return true;
  }
}

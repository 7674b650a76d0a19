import { type ObjectBackend, type ObjectRead } from '../backend.js';
import { StorageError, asStorageError } from '../errors.js';
import { type ShardDescriptor, blockCount } from '../placement.js';
import { type BlockHashing, inlineBlockHashing } from '../replicated/block-hashing.js';
import { BlockSource } from '../replicated/block-source.js';
import { VerifiedBlocks } from '../replicated/verified-blocks.js';

/** What reading one copy back found. */
export type CopyCheck =
  | { readonly outcome: 'intact' }
  | { readonly outcome: 'damaged'; readonly reason: 'corrupt' | 'missing'; readonly detail: string }
  | { readonly outcome: 'unreachable'; readonly detail: string };

export interface CheckCopyOptions {
  /** A backend that does not answer, or stops sending, for this long is unreachable. */
  readonly stallMs: number;
  /** Hashes the blocks; default: on the calling thread. Maintenance passes the store's workers. */
  readonly hashing?: BlockHashing;
}

/**
 * Reads one copy of a shard whole, from one backend, checking every block against the placement's
 * block hashes: the scrub's and repair's way of telling a sound copy from a damaged one. Unlike a
 * read, it never fails over: the point is to judge this copy. Memory stays at a few batches of
 * blocks (`VerifiedBlocks`), which are hashed while the next are read.
 *
 * A backend that fails, does not answer within `stallMs`, or stalls midway is `unreachable`; one
 * that answers with the wrong bytes, too few or too many, is `damaged`.
 *
 * @throws {StorageError} INTERNAL or ABORTED only when hashing itself failed: the store's failure,
 *   which says nothing about the copy.
 */
export async function checkCopy(shard: ShardDescriptor, backend: ObjectBackend, options: CheckCopyOptions): Promise<CopyCheck> {
  const { stallMs, hashing = inlineBlockHashing } = options;
  const answer = new AbortController();
  const timer = setTimeout(
    () => answer.abort(new StorageError('UNAVAILABLE', `${backend.id} did not answer within ${stallMs} ms`)),
    stallMs,
  );
  let read: ObjectRead;
  try {
    read = await backend.get(shard.key, { signal: answer.signal });
  } catch (error) {
    const failure = asStorageError(error);
    return judged(backend, failure, failure.message);
  } finally {
    clearTimeout(timer);
  }
  const source = new BlockSource(backend, read.body, stallMs, read.localFile);
  try {
    if (read.size !== shard.size) {
      return { outcome: 'damaged', reason: 'corrupt', detail: `${backend.id} holds ${read.size} bytes, ${shard.size} recorded` };
    }
    // Throws only when hashing fails; what the copy does wrong comes back as `copy-failed`.
    const blocks = new VerifiedBlocks(source, shard, 0, blockCount(shard.size, shard.blockSize) - 1, hashing);
    for (;;) {
      const next = await blocks.next();
      if (next.kind === 'end') return { outcome: 'intact' };
      if (next.kind === 'copy-failed') return judged(backend, next.error, next.detail);
    }
  } finally {
    source.close();
  }
}

/** What a failure to read the copy says about it. */
function judged(backend: ObjectBackend, failure: StorageError, detail: string): CopyCheck {
  if (failure.code === 'NOT_FOUND') return { outcome: 'damaged', reason: 'missing', detail: `${backend.id} does not hold the copy` };
  if (failure.code === 'INTEGRITY') return { outcome: 'damaged', reason: 'corrupt', detail };
  return { outcome: 'unreachable', detail };
}

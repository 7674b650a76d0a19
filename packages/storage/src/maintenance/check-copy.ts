import { type ObjectBackend } from '../backend.js';
import { StorageError, asStorageError } from '../errors.js';
import { type ShardDescriptor, blockCount } from '../placement.js';
import { blockLength, matchesBlockHash } from '../replicated/block-hasher.js';
import { BlockSource } from '../replicated/block-source.js';

/** What reading one copy back found. */
export type CopyCheck =
  | { readonly outcome: 'intact' }
  | { readonly outcome: 'damaged'; readonly reason: 'corrupt' | 'missing'; readonly detail: string }
  | { readonly outcome: 'unreachable'; readonly detail: string };

/**
 * Reads one copy of a shard whole, from one backend, checking every block against the placement's
 * block hashes: the scrub's and repair's way of telling a sound copy from a damaged one. Unlike a
 * read, it never fails over: the point is to judge this copy. Memory stays at one block.
 *
 * Never throws: a backend that fails, does not answer within `stallMs`, or stalls midway is
 * `unreachable`; one that answers with the wrong bytes, too few or too many, is `damaged`.
 */
export async function checkCopy(shard: ShardDescriptor, backend: ObjectBackend, stallMs: number): Promise<CopyCheck> {
  const answer = new AbortController();
  const timer = setTimeout(
    () => answer.abort(new StorageError('UNAVAILABLE', `${backend.id} did not answer within ${stallMs} ms`)),
    stallMs,
  );
  let source: BlockSource | undefined;
  try {
    const read = await backend.get(shard.key, { signal: answer.signal });
    clearTimeout(timer);
    source = new BlockSource(backend, read.body, stallMs);
    if (read.size !== shard.size) {
      return { outcome: 'damaged', reason: 'corrupt', detail: `${backend.id} holds ${read.size} bytes, ${shard.size} recorded` };
    }
    for (let index = 0; index < blockCount(shard.size, shard.blockSize); index += 1) {
      const block = await source.readBlock(blockLength(shard.size, shard.blockSize, index));
      if (!matchesBlockHash(shard.blockHashes, index, block)) {
        return { outcome: 'damaged', reason: 'corrupt', detail: `block ${index} on ${backend.id} does not match its hash` };
      }
    }
    return { outcome: 'intact' };
  } catch (error) {
    const failure = asStorageError(error);
    if (failure.code === 'NOT_FOUND') return { outcome: 'damaged', reason: 'missing', detail: `${backend.id} does not hold the copy` };
    if (failure.code === 'INTEGRITY') return { outcome: 'damaged', reason: 'corrupt', detail: failure.message };
    return { outcome: 'unreachable', detail: failure.message };
  } finally {
    clearTimeout(timer);
    source?.close();
  }
}

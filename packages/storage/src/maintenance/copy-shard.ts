import { type ObjectBackend } from '../backend.js';
import { StorageError, isStorageError } from '../errors.js';
import { type BackendHealth } from '../health.js';
import { type ObjectId } from '../object-id.js';
import { type ShardDescriptor } from '../placement.js';
import { type RepairQueue } from '../repair.js';
import { type BlockHashing } from '../replicated/block-hashing.js';
import { readReplicas } from '../replicated/read-replicas.js';
import { type StoreTiming } from '../replicated/replicated-store.js';
import { type ReplicaWriteResult, writeReplicas } from '../replicated/write-replicas.js';

export interface ShardCopy {
  readonly objectId: ObjectId;
  readonly shard: ShardDescriptor;
  /** Backends recorded as holding the shard; any intact one serves. */
  readonly sources: readonly ObjectBackend[];
  /** Backends that are to hold a new copy. */
  readonly targets: readonly ObjectBackend[];
}

export interface CopyServices {
  readonly health: BackendHealth;
  readonly repairs: RepairQueue;
  readonly timing: StoreTiming;
  readonly hashing: BlockHashing;
}

/**
 * Streams a shard from its existing copies to every target at once, through the same paths as a
 * client's read and write: every block is verified as it is read (failing over between sources),
 * and each target checks the whole copy against its key before committing it. Reports which
 * targets now hold it durably; a target that fails does not fail the others.
 *
 * @throws {StorageError} UNAVAILABLE when no source can serve the shard to the end (no intact
 *   copy is reachable): nothing was committed then.
 */
export async function copyShard(copy: ShardCopy, services: CopyServices): Promise<ReplicaWriteResult> {
  const { objectId, shard, sources, targets } = copy;
  const body =
    shard.size === 0
      ? new ReadableStream<Uint8Array>({ start: (controller) => controller.close() })
      : await readReplicas({ objectId, shard, copies: sources, range: { offset: 0, length: shard.size } }, services);
  const result = await writeReplicas(
    shard.key,
    body,
    shard.size,
    targets,
    {
      blockSize: shard.blockSize,
      // Each target counts on its own: one that fails must not stop the others.
      writeQuorum: 1,
      writeStallMs: services.timing.writeStallMs,
      commitTimeoutMs: services.timing.commitTimeoutMs,
    },
    services.health,
  );
  if (result.bodyError !== undefined) {
    throw isStorageError(result.bodyError, 'UNAVAILABLE')
      ? result.bodyError
      : new StorageError('UNAVAILABLE', `no copy of ${objectId} could be read to the end`, { cause: result.bodyError });
  }
  return result;
}

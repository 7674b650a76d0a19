import { type ObjectBackend } from '../backend.js';
import { type BackendFailure, StorageError, backendFailure, isStorageError } from '../errors.js';
import { type BackendHealth } from '../health.js';
import { type ObjectId } from '../object-id.js';
import { BlockHasher } from './block-hasher.js';
import { coalesceChunks } from './coalesce-chunks.js';
import { verifiedBody } from '../verified-body.js';
import { FanOut } from './fan-out.js';

export interface ReplicaWriteSettings {
  readonly blockSize: number;
  /** Copies that must be durable for the write to count; below it the others are abandoned early. */
  readonly writeQuorum: number;
  readonly writeStallMs: number;
  readonly commitTimeoutMs: number;
}

export interface ReplicaWriteResult {
  /** Backends that hold a complete, verified, durable copy. */
  readonly written: readonly ObjectBackend[];
  readonly failures: readonly BackendFailure[];
  /** The object's block hashes, computed from the bytes as they streamed past. */
  readonly blockHashes: Uint8Array;
  /** Why the body itself failed (ABORTED: the uploader went away; INTEGRITY: it does not match its id), if it did. */
  readonly bodyError: unknown;
}

/** Chunks smaller than this are merged before they are written out. */
const MIN_WRITE_CHUNK = 256 * 1024;
/** Chunks a backend may hold unread: enough to overlap disk and network, little memory. */
const BRANCH_BUFFER = 2;

/**
 * Streams `body` to every target backend in parallel and reports which copies became durable.
 * Never throws for a backend's failure: deciding what a partial result means (quorum, cleanup,
 * repair) is the store's job.
 *
 * A backend that fails is dropped and the others go on; one that stalls is aborted after
 * `writeStallMs`, or after `commitTimeoutMs` once the whole body has been handed out; and once so
 * many have failed that the quorum is out of reach, the rest are aborted rather than left to
 * write copies that would only be deleted.
 */
export async function writeReplicas(
  objectId: ObjectId,
  body: ReadableStream<Uint8Array>,
  size: number,
  targets: readonly ObjectBackend[],
  settings: ReplicaWriteSettings,
  health: BackendHealth,
): Promise<ReplicaWriteResult> {
  const aborts = targets.map(() => new AbortController());
  /** Copies the store gave up on for taking too long: a sign of an unwell backend. */
  const timedOut = new Set<number>();
  const settled = new Set<number>();
  const timeOut = (index: number, reason: string): void => {
    if (settled.has(index)) return;
    timedOut.add(index);
    aborts[index]!.abort(new StorageError('ABORTED', reason));
  };
  const blockHasher = new BlockHasher(settings.blockSize);
  // Verified once, here, rather than once per backend: the last chunk reaches no backend before the
  // whole body has been checked, so a body that does not match its id is committed nowhere.
  const checked = verifiedBody(body, objectId, size);
  const fanOut = new FanOut(coalesceChunks(checked, MIN_WRITE_CHUNK), targets.length, {
    branchBuffer: BRANCH_BUFFER,
    stallTimeoutMs: settings.writeStallMs,
    onChunk: (chunk) => blockHasher.update(chunk),
    onStall: (index) => timeOut(index, `took no data for ${settings.writeStallMs} ms`),
  });

  let failed = 0;
  const tolerable = targets.length - settings.writeQuorum;
  const copies = targets.map(async (backend, index) => {
    try {
      await backend.put(objectId, fanOut.branch(index), { size, signal: aborts[index]!.signal, verified: true });
      health.recordSuccess(backend.id);
      return undefined;
    } catch (error) {
      fanOut.drop(index, error);
      if (timedOut.has(index) || blamesBackend(error)) health.recordFailure(backend.id);
      failed += 1;
      if (failed > tolerable) {
        const hopeless = new StorageError('ABORTED', 'the write quorum can no longer be reached');
        for (const abort of aborts) abort.abort(hopeless);
        fanOut.abort(hopeless);
      }
      return backendFailure(backend.id, error);
    } finally {
      settled.add(index);
    }
  });

  let bodyError: unknown;
  let commitTimer: NodeJS.Timeout | undefined;
  fanOut.finished.then(
    () => {
      commitTimer = setTimeout(() => {
        targets.forEach((_, index) => timeOut(index, `not durable ${settings.commitTimeoutMs} ms after the body ended`));
      }, settings.commitTimeoutMs);
    },
    (error: unknown) => (bodyError = error),
  );
  const outcomes = await Promise.all(copies);
  clearTimeout(commitTimer);
  await fanOut.finished.catch(() => undefined);

  return {
    written: targets.filter((_, index) => outcomes[index] === undefined),
    failures: outcomes.filter((outcome) => outcome !== undefined),
    blockHashes: blockHasher.digest(),
    bodyError,
  };
}

/**
 * Whether a failed put says something about the backend's health: a body that does not match its
 * id, or one that failed or was abandoned, is not the backend's doing.
 */
function blamesBackend(error: unknown): boolean {
  return !isStorageError(error) || !['INTEGRITY', 'INVALID_INPUT', 'ABORTED'].includes(error.code);
}

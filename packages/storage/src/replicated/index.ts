// `@coffre/storage/replicated`: the replicated, content-addressed store over several backends.
export { BlockHashWorkers, type BlockHashWorkersOptions, defaultHashThreads } from './block-hash-workers.js';
export { type BlockHashing, type HashedBlocks, inlineBlockHashing } from './block-hashing.js';
export {
  DEFAULT_BLOCK_SIZE,
  DEFAULT_TIMING,
  type ReplicatedStoreOptions,
  ReplicatedStore,
  type ReplicationPolicy,
  type StoreTiming,
  type StoredObjectRead,
  type WriteReceipt,
} from './replicated-store.js';

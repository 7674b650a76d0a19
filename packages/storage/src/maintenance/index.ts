// `@coffre/storage/maintenance`: repair, scrub and garbage collection of replicated objects.
export { type CheckCopyOptions, type CopyCheck, checkCopy } from './check-copy.js';
export { type RepairOutcome } from './maintenance-context.js';
export { ReplicaMaintenance, type ReplicaMaintenanceOptions } from './replica-maintenance.js';
export { DEFAULT_KEYS_PER_RUN, type ScrubOptions, type ScrubReport } from './scrub.js';

/** Injection token for the opened storage (`OpenedStorage`: the replicated store and its backends). */
export const STORAGE = Symbol('Storage');
/** Injection token for the `ObjectLocks` the store and its maintenance share. */
export const OBJECT_LOCKS = Symbol('ObjectLocks');
/** Injection token for the `ReplicaMaintenance` over the store's backends and records. */
export const REPLICA_MAINTENANCE = Symbol('ReplicaMaintenance');

// Where the worker keeps the signed-in session between page loads: sealed (session-seal.ts) in
// a store that survives reloads, IndexedDB in the browser. Anything that does not open cleanly
// is deleted rather than trusted.
import { openSession, type SealedSession, sealSession } from './session-seal.ts';
import { type StoredSession } from './stored-session.ts';

/** One slot holding the sealed session. */
export interface SessionStore {
  get(): Promise<unknown>;
  put(value: SealedSession): Promise<void>;
  delete(): Promise<void>;
}

/** The session this browser keeps. */
export interface SessionVault {
  /** The kept session, or undefined if there is none, it expired, or it does not open (then deleted). */
  load(): Promise<StoredSession | undefined>;
  /** Seals and keeps `session`, replacing any other, under a fresh key. */
  save(session: StoredSession): Promise<void>;
  /** Deletes the kept session and the key that sealed it. */
  clear(): Promise<void>;
}

/** A vault over `store`; `now` is the clock, for tests. */
export function createSessionVault(store: SessionStore, now: () => number = Date.now): SessionVault {
  return {
    async load() {
      const sealed = await store.get();
      if (sealed === undefined) return undefined;
      let session: StoredSession;
      try {
        session = await openSession(sealed);
      } catch {
        await store.delete();
        return undefined;
      }
      if (Date.parse(session.expiresAt) <= now()) {
        await store.delete();
        return undefined;
      }
      return session;
    },
    async save(session) {
      await store.put(await sealSession(session));
    },
    clear: () => store.delete(),
  };
}

const DATABASE = 'coffre-drive';
const OBJECT_STORE = 'session';
const SLOT = 'current';

function request<T>(operation: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    operation.onsuccess = () => resolve(operation.result);
    operation.onerror = () => reject(operation.error ?? new Error('IndexedDB request failed'));
  });
}

/** The session slot in this origin's IndexedDB, in the worker (or the page). */
export function createIndexedDbSessionStore(): SessionStore {
  let database: Promise<IDBDatabase> | undefined;
  const open = () =>
    (database ??= new Promise((resolve, reject) => {
      const opening = indexedDB.open(DATABASE, 1);
      opening.onupgradeneeded = () => opening.result.createObjectStore(OBJECT_STORE);
      opening.onsuccess = () => resolve(opening.result);
      opening.onerror = () => reject(opening.error ?? new Error('IndexedDB did not open'));
    }));
  const transaction = async <T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> => {
    const db = await open();
    const tx = db.transaction(OBJECT_STORE, mode, { durability: 'strict' });
    const result = request(run(tx.objectStore(OBJECT_STORE)));
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
    return result;
  };
  return {
    get: () => transaction('readonly', (store) => store.get(SLOT)),
    put: async (value) => {
      await transaction('readwrite', (store) => store.put(value, SLOT));
    },
    delete: async () => {
      await transaction('readwrite', (store) => store.delete(SLOT));
    },
  };
}

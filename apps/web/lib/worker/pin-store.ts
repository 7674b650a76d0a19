// Contacts' key pins (@coffre/sdk/pins), kept in this origin's IndexedDB so that a contact whose
// keys change is noticed after a reload or the next sign-in, not only within one page load.
// A pin is the SHA-256 fingerprint digest of a contact's public keys: nothing secret, so it is
// stored as is. It reveals whom this browser shared with; signing out does not erase pins, on
// purpose, since forgetting them would turn the next key change into an unnoticed "first sight".
import { type PinStore } from '@coffre/sdk/pins';

const DATABASE = 'coffre-pins';
const OBJECT_STORE = 'pins';
const DIGEST_LENGTH = 32;

function request<T>(operation: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    operation.onsuccess = () => resolve(operation.result);
    operation.onerror = () => reject(operation.error ?? new Error('IndexedDB request failed'));
  });
}

/** Pins in IndexedDB, by lower-case email. */
export function createIndexedDbPinStore(): PinStore {
  let database: Promise<IDBDatabase> | undefined;
  const open = () =>
    (database ??= new Promise((resolve, reject) => {
      const opening = indexedDB.open(DATABASE, 1);
      opening.onupgradeneeded = () => opening.result.createObjectStore(OBJECT_STORE);
      opening.onsuccess = () => resolve(opening.result);
      opening.onerror = () => reject(opening.error ?? new Error('IndexedDB did not open'));
    }));
  return {
    async get(email) {
      const db = await open();
      const value: unknown = await request(db.transaction(OBJECT_STORE, 'readonly').objectStore(OBJECT_STORE).get(email));
      if (value === undefined) return undefined;
      // A damaged pin must not turn into "never seen" (a silent re-pin): an all-zero digest
      // matches no keys, so the contact shows as changed and the person re-verifies.
      return value instanceof Uint8Array && value.length === DIGEST_LENGTH ? value.slice() : new Uint8Array(DIGEST_LENGTH);
    },
    async set(email, digest) {
      const db = await open();
      const tx = db.transaction(OBJECT_STORE, 'readwrite', { durability: 'strict' });
      tx.objectStore(OBJECT_STORE).put(digest.slice(), email);
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
        tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
      });
    },
  };
}

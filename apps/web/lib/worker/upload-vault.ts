// Where the worker keeps the uploads in progress, so that one interrupted by a reload, a crash or
// a lost network can continue later. Each record holds what the page needs to list it (name,
// folder, size) and the SDK's UploadState, whose file key is already wrapped under the account's
// root key (an `upload-key-wrap` envelope): no key in the clear is ever written here. Names are
// still private, so each record is sealed like the session (session-seal.ts): AES-256-GCM under a
// non-extractable WebCrypto key stored beside it, the transfer id bound as associated data so a
// record cannot be passed off as another's.
import { type UploadState } from '@coffre/sdk/drive';

/** One upload this browser started and has not finished. */
export interface UploadRecord {
  /** The key the upload resumes under (the first transfer's id). */
  transferId: string;
  accountId: string;
  /** Where it was dropped, and the folders below that it goes into ("" for none). */
  parentId: string;
  folderPath: string;
  name: string;
  size: number;
  mtime: number | null;
  /** Plaintext bytes the server acknowledged, as last reported. */
  done: number;
  /** The SDK's resume record, once the server has accepted the upload. */
  state?: UploadState;
}

/** A record as IndexedDB holds it. */
export interface SealedUploadRecord {
  version: 1;
  transferId: string;
  key: CryptoKey;
  iv: Uint8Array<ArrayBuffer>;
  ciphertext: ArrayBuffer;
}

/** Raw slots, one per transfer id. */
export interface UploadRecordStore {
  getAll(): Promise<unknown[]>;
  get(transferId: string): Promise<unknown>;
  put(record: SealedUploadRecord): Promise<void>;
  delete(transferId: string): Promise<void>;
}

/** The uploads this browser keeps. Records that do not open are deleted, never trusted. */
export interface UploadVault {
  /** The account's records (other accounts' stay, for when they sign in again). */
  list(accountId: string): Promise<UploadRecord[]>;
  get(transferId: string): Promise<UploadRecord | undefined>;
  /** Durable when it returns (the SDK sends a part only after its record is stored). */
  put(record: UploadRecord): Promise<void>;
  delete(transferId: string): Promise<void>;
}

const IV_LENGTH = 12;
const encoder = new TextEncoder();

function associatedData(transferId: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(`coffre-web upload-record v1 ${transferId}`);
}

async function seal(record: UploadRecord): Promise<SealedUploadRecord> {
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  const iv = crypto.getRandomValues(new Uint8Array(IV_LENGTH));
  const plaintext = encoder.encode(JSON.stringify(record));
  const ciphertext = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: associatedData(record.transferId), tagLength: 128 }, key, plaintext);
  return { version: 1, transferId: record.transferId, key, iv, ciphertext };
}

/** @throws when the value is not a version-1 sealed record for `transferId`, or was altered. */
async function open(value: unknown, transferId: string): Promise<UploadRecord> {
  const sealed = value as Partial<SealedUploadRecord> | null;
  if (typeof sealed !== 'object' || sealed === null || sealed.version !== 1 || sealed.transferId !== transferId) throw new TypeError('not an upload record');
  if (!(sealed.key instanceof CryptoKey) || sealed.key.extractable || !(sealed.iv instanceof Uint8Array) || !(sealed.ciphertext instanceof ArrayBuffer)) {
    throw new TypeError('upload record is malformed');
  }
  const plaintext = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: new Uint8Array(sealed.iv), additionalData: associatedData(transferId), tagLength: 128 },
    sealed.key,
    sealed.ciphertext,
  );
  const record = JSON.parse(new TextDecoder().decode(plaintext)) as UploadRecord;
  if (record.transferId !== transferId) throw new TypeError('upload record names another transfer');
  return record;
}

/** A vault over `store`. */
export function createUploadVault(store: UploadRecordStore): UploadVault {
  const openOrDrop = async (value: unknown, transferId: string): Promise<UploadRecord | undefined> => {
    try {
      return await open(value, transferId);
    } catch {
      await store.delete(transferId);
      return undefined;
    }
  };
  return {
    async list(accountId) {
      const records: UploadRecord[] = [];
      for (const value of await store.getAll()) {
        const transferId = (value as Partial<SealedUploadRecord> | null)?.transferId;
        if (typeof transferId !== 'string') continue;
        const record = await openOrDrop(value, transferId);
        if (record?.accountId === accountId) records.push(record);
      }
      return records;
    },
    async get(transferId) {
      const value = await store.get(transferId);
      return value === undefined ? undefined : openOrDrop(value, transferId);
    },
    put: async (record) => store.put(await seal(record)),
    delete: (transferId) => store.delete(transferId),
  };
}

const DATABASE = 'coffre-uploads';
const OBJECT_STORE = 'uploads';

function request<T>(operation: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    operation.onsuccess = () => resolve(operation.result);
    operation.onerror = () => reject(operation.error ?? new Error('IndexedDB request failed'));
  });
}

/** The records in this origin's IndexedDB (its own database, apart from the session's). */
export function createIndexedDbUploadStore(): UploadRecordStore {
  let database: Promise<IDBDatabase> | undefined;
  const db = () =>
    (database ??= new Promise((resolve, reject) => {
      const opening = indexedDB.open(DATABASE, 1);
      opening.onupgradeneeded = () => opening.result.createObjectStore(OBJECT_STORE, { keyPath: 'transferId' });
      opening.onsuccess = () => resolve(opening.result);
      opening.onerror = () => reject(opening.error ?? new Error('IndexedDB could not be opened'));
    }));
  const run = async <T>(mode: IDBTransactionMode, operation: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> => {
    const transaction = (await db()).transaction(OBJECT_STORE, mode, { durability: 'strict' });
    const result = await request(operation(transaction.objectStore(OBJECT_STORE)));
    await new Promise<void>((resolve, reject) => {
      transaction.oncomplete = () => resolve();
      transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB transaction failed'));
      transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
    });
    return result;
  };
  return {
    getAll: () => run('readonly', (store) => store.getAll()),
    get: (transferId) => run('readonly', (store) => store.get(transferId)),
    put: async (record) => {
      await run('readwrite', (store) => store.put(record));
    },
    delete: async (transferId) => {
      await run('readwrite', (store) => store.delete(transferId));
    },
  };
}

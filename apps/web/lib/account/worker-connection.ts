// Starts the account worker, once per page load. It lives at module level rather than in a
// component so that client-side navigation between pages (which remounts layouts) keeps the
// same worker, and with it the keys in memory.
import { installTrustedTypesPolicy } from '@coffre/ui/trusted-types';
import { OWN_SCRIPT_PATH_PREFIXES } from '../downloads/page/service-worker-client.ts';
import { createTransferStore, type TransferStore } from '../drive/transfer-store.ts';
import { createWorkerClient } from '../worker/rpc.ts';
import { type AccountStore, createAccountStore } from './account-store.ts';

let store: AccountStore | undefined;
let transfers: TransferStore | undefined;

/**
 * The account store of this page, backed by the account worker, created on first use.
 * Browser only.
 */
export function accountStoreFor(apiUrl: string): AccountStore {
  if (store !== undefined) return store;
  // The bundler starts the worker with a plain URL, which Trusted Types (required by the
  // page's CSP) only admits through the default policy.
  installTrustedTypesPolicy({ scriptPathPrefixes: OWN_SCRIPT_PATH_PREFIXES });
  // Turbopack turns this into a worker of its own chunk, loaded from this origin.
  const worker = new Worker(new URL('../worker/coffre.worker.ts', import.meta.url), { type: 'module', name: 'coffre-account' });
  const client = createWorkerClient(worker);
  const failed = () => client.fail('This page could not start the part of it that keeps your keys. Reload the page to try again.');
  worker.addEventListener('error', failed);
  worker.addEventListener('messageerror', failed);
  store = createAccountStore(client, apiUrl);
  transfers = createTransferStore(client);
  return store;
}

/** The uploads of this page, reported by the same worker. Browser only. */
export function transferStoreFor(apiUrl: string): TransferStore {
  accountStoreFor(apiUrl);
  return transfers!;
}

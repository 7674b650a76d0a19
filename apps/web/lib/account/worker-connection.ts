// Starts the account worker, once per page load. It lives at module level rather than in a
// component so that client-side navigation between pages (which remounts layouts) keeps the
// same worker, and with it the keys in memory.
import { installTrustedTypesPolicy } from '@coffre/ui/trusted-types';
import { createWorkerClient } from '../worker/rpc.ts';
import { type AccountStore, createAccountStore } from './account-store.ts';

let store: AccountStore | undefined;

/**
 * The account store of this page, backed by the account worker, created on first use.
 * Browser only.
 */
export function accountStoreFor(apiUrl: string): AccountStore {
  if (store !== undefined) return store;
  // The bundler starts the worker with a plain URL, which Trusted Types (required by the
  // page's CSP) only admits through the default policy.
  installTrustedTypesPolicy();
  // Turbopack turns this into a worker of its own chunk, loaded from this origin.
  const worker = new Worker(new URL('../worker/coffre.worker.ts', import.meta.url), { type: 'module', name: 'coffre-account' });
  const client = createWorkerClient(worker);
  const failed = () => client.fail('This page could not start the part of it that keeps your keys. Reload the page to try again.');
  worker.addEventListener('error', failed);
  worker.addEventListener('messageerror', failed);
  store = createAccountStore(client, apiUrl);
  return store;
}

'use client';

import { createContext, type ReactNode, useContext, useEffect, useSyncExternalStore } from 'react';
import { type AccountStore, type SessionState } from './account-store.ts';
import { type TransferStore } from '../drive/transfer-store.ts';
import { accountStoreFor, transferStoreFor } from './worker-connection.ts';

const ApiUrlContext = createContext<string | undefined>(undefined);

/**
 * Makes the API's address (read by the server at run time) available to the account hooks.
 * Rendering it starts nothing: the worker starts when a page first uses the account.
 */
export function AccountProvider({ apiUrl, children }: { apiUrl: string; children: ReactNode }) {
  return <ApiUrlContext.Provider value={apiUrl}>{children}</ApiUrlContext.Provider>;
}

/** The page's account store; starts the worker on first use. */
export function useAccountStore(): AccountStore {
  const apiUrl = useContext(ApiUrlContext);
  if (apiUrl === undefined) throw new Error('useAccountStore needs an AccountProvider above it');
  // Created lazily in the browser; during server rendering nothing may start a worker.
  return typeof window === 'undefined' ? SERVER_STORE : accountStoreFor(apiUrl);
}

/** The page's uploads (browser only: call it from effects and handlers, or client components after mount). */
export function useTransferStore(): TransferStore | undefined {
  const apiUrl = useContext(ApiUrlContext);
  if (apiUrl === undefined) throw new Error('useTransferStore needs an AccountProvider above it');
  return typeof window === 'undefined' ? undefined : transferStoreFor(apiUrl);
}

const STARTING: SessionState = { status: 'starting' };

/** The current session, re-rendering on every change; starts (or restores) it on mount. */
export function useSession(): SessionState {
  const store = useAccountStore();
  useEffect(() => store.start(), [store]);
  return useSyncExternalStore(store.subscribe, store.getState, () => STARTING);
}

function serverOnly(): never {
  throw new Error('account actions run in the browser only');
}

/** Stands in during server rendering, where the session is always still "starting". */
const SERVER_STORE: AccountStore = {
  getState: () => STARTING,
  subscribe: () => () => undefined,
  start: () => undefined,
  signup: serverOnly,
  pendingRecoveryKey: serverOnly,
  confirmRecoveryKey: serverOnly,
  login: serverOnly,
  recoverAccount: serverOnly,
  logout: serverOnly,
  logoutEverywhere: serverOnly,
  changePassword: serverOnly,
  deleteAccount: serverOnly,
  listSessions: serverOnly,
  revokeSession: serverOnly,
  getAccount: serverOnly,
  revealRecoveryKey: serverOnly,
  renewRecoveryKey: serverOnly,
  call: serverOnly,
};

// The page's view of the account: who is signed in, and the actions that change it. Framework-
// free (React reads it through account-context.tsx), so its rules are tested without a browser.
import { type SessionView } from '@coffre/sdk/api-types';
import { AccountError } from '../worker/errors.ts';
import { type AccountSummary, type LogoutResult, type MethodName, type ParamsOf, type ResultOf, type SessionSummary } from '../worker/protocol.ts';
import { type WorkerClient } from '../worker/rpc.ts';

/** Why nobody is signed in. */
export type SignedOutReason =
  /** Nobody signed in on this browser. */
  | 'none'
  /** This person signed out here. */
  | 'signed-out'
  /** This person signed out here, but the server could not be told. */
  | 'signed-out-offline'
  /** This person signed out on every device. */
  | 'signed-out-everywhere'
  /** The server ended the session (expired, revoked from another device). */
  | 'expired'
  /** Another tab signed out. */
  | 'other-tab'
  /** The account was deleted. */
  | 'deleted';

/** The session as the page shows it. */
export type SessionState =
  | { readonly status: 'starting' }
  | { readonly status: 'signed-out'; readonly reason: SignedOutReason }
  | { readonly status: 'signed-in'; readonly session: SessionSummary }
  /** The worker could not start: nothing account-related works on this page. */
  | { readonly status: 'failed'; readonly error: AccountError };

/** The account of this page. */
export interface AccountStore {
  getState(): SessionState;
  subscribe(listener: () => void): () => void;
  /** Starts the worker's session (restoring a kept one); idempotent. */
  start(): void;
  signup(email: string, password: string): Promise<SessionSummary>;
  pendingRecoveryKey(): Promise<string>;
  confirmRecoveryKey(): Promise<SessionSummary>;
  login(email: string, password: string): Promise<SessionSummary>;
  recoverAccount(email: string, recoveryKey: string, newPassword: string): Promise<SessionSummary>;
  logout(): Promise<LogoutResult>;
  logoutEverywhere(): Promise<void>;
  changePassword(currentPassword: string, newPassword: string): Promise<void>;
  deleteAccount(password: string): Promise<void>;
  listSessions(): Promise<SessionView[]>;
  revokeSession(sessionId: string): Promise<void>;
  getAccount(): Promise<AccountSummary>;
  revealRecoveryKey(password: string): Promise<string>;
  renewRecoveryKey(password: string): Promise<string>;
  /**
   * Calls one of the worker's other methods (sharing, drive); like the actions above, a call
   * that finds the session gone shows the page signed out.
   */
  call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>>;
}

/** Creates the store over a worker client; `apiUrl` is what the worker will call. */
export function createAccountStore(worker: WorkerClient, apiUrl: string): AccountStore {
  let state: SessionState = { status: 'starting' };
  let starting: Promise<void> | undefined;
  const listeners = new Set<() => void>();

  const set = (next: SessionState) => {
    state = next;
    for (const listener of listeners) listener();
  };
  const signedIn = (session: SessionSummary) => {
    set({ status: 'signed-in', session });
    return session;
  };

  /** Runs a worker call; if it reports the session gone, the page shows that too. */
  const guarded = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof AccountError && error.code === 'NOT_SIGNED_IN' && state.status === 'signed-in') {
        set({ status: 'signed-out', reason: 'expired' });
      }
      throw error;
    }
  };

  worker.onSessionEvent((event) => {
    if (event.session !== null) signedIn(event.session);
    else set({ status: 'signed-out', reason: event.reason });
  });

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start() {
      starting ??= worker.call('start', { apiUrl }).then(
        (session) => {
          if (session === null) set({ status: 'signed-out', reason: 'none' });
          else signedIn(session);
        },
        (error: unknown) => {
          set({
            status: 'failed',
            error: error instanceof AccountError ? error : new AccountError({ code: 'WORKER_FAILED', message: String(error) }),
          });
        },
      );
    },
    signup: async (email, password) => signedIn(await worker.call('signup', { email, password })),
    pendingRecoveryKey: () => guarded(() => worker.call('pendingRecoveryKey', null)),
    confirmRecoveryKey: async () => signedIn(await guarded(() => worker.call('confirmRecoveryKey', null))),
    login: async (email, password) => signedIn(await worker.call('login', { email, password })),
    recoverAccount: async (email, recoveryKey, newPassword) => signedIn(await worker.call('recoverAccount', { email, recoveryKey, newPassword })),
    async logout() {
      const result = await guarded(() => worker.call('logout', null));
      set({ status: 'signed-out', reason: result.endedOnServer ? 'signed-out' : 'signed-out-offline' });
      return result;
    },
    async logoutEverywhere() {
      await guarded(() => worker.call('logoutEverywhere', null));
      set({ status: 'signed-out', reason: 'signed-out-everywhere' });
    },
    async changePassword(currentPassword, newPassword) {
      await guarded(() => worker.call('changePassword', { currentPassword, newPassword }));
    },
    async deleteAccount(password) {
      await guarded(() => worker.call('deleteAccount', { password }));
      set({ status: 'signed-out', reason: 'deleted' });
    },
    listSessions: () => guarded(() => worker.call('listSessions', null)),
    async revokeSession(sessionId) {
      await guarded(() => worker.call('revokeSession', { sessionId }));
    },
    getAccount: () => guarded(() => worker.call('getAccount', null)),
    revealRecoveryKey: (password) => guarded(() => worker.call('revealRecoveryKey', { password })),
    renewRecoveryKey: (password) => guarded(() => worker.call('renewRecoveryKey', { password })),
    call: (method, params) => guarded(() => worker.call(method, params)),
  };
}

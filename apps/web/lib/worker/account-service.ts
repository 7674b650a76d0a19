// The account, as the worker holds it: the SDK client with the session's token, and the
// account's keys in memory. The pages reach it only through the methods below (protocol.ts),
// and get back who is signed in, never a key or the token.
import { type ClientOptions, type CoffreClient, type SignedIn } from '@coffre/sdk/client';
import { ApiError } from '@coffre/sdk/errors';
import { WorkerFailure } from './errors.ts';
import { type AccountMethods, type AccountSummary, type SessionEventMessage, type SessionSummary } from './protocol.ts';
import { type Handlers } from './rpc.ts';
import { type SessionVault } from './session-vault.ts';
import { type StoredSession, wipeKeys } from './stored-session.ts';

/** What the account service needs from the worker it runs in. */
export interface AccountServiceContext {
  /** Where the session survives reloads. */
  readonly vault: SessionVault;
  /** Tells the page about a session change it did not ask for. */
  notify(event: SessionEventMessage): void;
  /** Tells the other tabs of this browser that the kept session changed. */
  broadcast(): void;
  /** `createClient` of `@coffre/sdk/client`. */
  createClient(options: ClientOptions): CoffreClient;
  /** Called when the keys in memory are dropped (signed out, replaced, ended): the drive stops its uploads. */
  sessionEnded?(): void;
}

/** The signed-in session as the worker's other services (sharing, drive) use it. */
export interface ActiveSession {
  readonly apiUrl: string;
  readonly client: CoffreClient;
  readonly accountId: string;
  readonly keys: StoredSession['keys'];
}

/** The account's methods, and what the worker calls when another tab changed the session. */
export interface AccountService {
  readonly handlers: { [M in keyof AccountMethods]: Handlers[M] };
  /**
   * Runs `run` with the signed-in session; the API refusing the session ends it here too, as for
   * the account's own methods. NOT_SIGNED_IN when nobody is signed in.
   */
  withSession<T>(run: (session: ActiveSession) => Promise<T>): Promise<T>;
  /** Re-reads the kept session after another tab changed it, and tells the page what changed. */
  syncFromOtherTab(): Promise<void>;
}

interface Current {
  readonly client: CoffreClient;
  stored: StoredSession;
}

function summaryOf(stored: StoredSession): SessionSummary {
  return { accountId: stored.accountId, email: stored.email, recoveryKeyPending: stored.pendingRecoveryKey !== undefined };
}

function isUnauthenticated(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'UNAUTHENTICATED';
}

function ensureApiUrl(value: unknown): string {
  const url = typeof value === 'string' ? URL.parse(value) : null;
  if (url === null || (url.protocol !== 'https:' && url.protocol !== 'http:')) throw new TypeError('apiUrl must be an http(s) URL');
  return value as string;
}

/** Creates the account service of one worker. */
export function createAccountService(context: AccountServiceContext): AccountService {
  let apiUrl: string | undefined;
  let current: Current | undefined;

  const started = (): string => {
    if (apiUrl === undefined) throw new WorkerFailure('NOT_STARTED', 'The account worker was not started.');
    return apiUrl;
  };

  const signedIn = (): Current => {
    started();
    if (current === undefined) throw new WorkerFailure('NOT_SIGNED_IN', 'Sign in first.');
    return current;
  };

  /** Drops the session from memory (keys overwritten) and, unless told otherwise, from the vault. */
  const forget = async ({ keepVault = false } = {}): Promise<void> => {
    if (current !== undefined) {
      context.sessionEnded?.();
      wipeKeys(current.stored.keys);
      current = undefined;
    }
    if (!keepVault) await context.vault.clear();
  };

  /** Makes a fresh sign-in the current session, replacing (and ending) any other. */
  const adopt = async (client: CoffreClient, result: SignedIn, email: string, pendingRecoveryKey?: string): Promise<SessionSummary> => {
    const previous = current;
    if (previous !== undefined) {
      // Signing in as someone else in the same browser ends the session it replaces.
      await previous.client.logout().catch(() => undefined);
    }
    await forget({ keepVault: true });
    const stored: StoredSession = {
      accountId: result.accountId,
      email: email.trim().toLowerCase(),
      sessionId: result.session.id,
      token: result.token,
      expiresAt: result.session.expiresAt,
      keys: result.keys,
      pendingRecoveryKey,
    };
    current = { client, stored };
    await context.vault.save(stored);
    context.broadcast();
    return summaryOf(stored);
  };

  /** The session ended on the server: forget it here too, and tell this page and the others. */
  const ended = async (): Promise<never> => {
    await forget();
    context.broadcast();
    context.notify({ type: 'session', session: null, reason: 'expired' });
    throw new WorkerFailure('NOT_SIGNED_IN', 'Your session has ended. Sign in again.');
  };

  /**
   * Runs a call that needs the session. When the API refuses the session itself, the session
   * is over. Calls that prove the password get UNAUTHENTICATED for a wrong password too (the
   * API answers every authentication failure alike), so for them the session is checked before
   * concluding it ended.
   */
  const withSession = async <T>(run: (session: Current) => Promise<T>, { provesPassword = false } = {}): Promise<T> => {
    const session = signedIn();
    try {
      return await run(session);
    } catch (error) {
      if (!isUnauthenticated(error) || current !== session) throw error;
      if (provesPassword && (await sessionStillValid(session))) throw error;
      return ended();
    }
  };

  const sessionStillValid = async (session: Current): Promise<boolean> => {
    try {
      await session.client.routes.getAccount();
      return true;
    } catch (error) {
      return !isUnauthenticated(error);
    }
  };

  const freshClient = (): CoffreClient => context.createClient({ baseUrl: started() });

  const handlers: AccountService['handlers'] = {
    async start(params) {
      const url = ensureApiUrl(params?.apiUrl);
      if (apiUrl !== undefined) {
        // React runs effects twice in development; a second start for the same API is harmless.
        if (url !== apiUrl) throw new WorkerFailure('NOT_STARTED', 'The account worker was started for another API.');
        return current === undefined ? null : summaryOf(current.stored);
      }
      apiUrl = url;
      const stored = await context.vault.load();
      if (stored === undefined) return null;
      current = { client: context.createClient({ baseUrl: url, token: stored.token }), stored };
      return summaryOf(stored);
    },

    async signup({ email, password }) {
      const client = freshClient();
      const result = await client.signup(email, password);
      return adopt(client, result, email, result.recoveryKey);
    },

    async pendingRecoveryKey() {
      const key = signedIn().stored.pendingRecoveryKey;
      if (key === undefined) throw new WorkerFailure('NOT_FOUND', 'The recovery key is shown only once, when the account is created.');
      return key;
    },

    async confirmRecoveryKey() {
      const session = signedIn();
      session.stored = { ...session.stored, pendingRecoveryKey: undefined };
      await context.vault.save(session.stored);
      context.broadcast();
      return summaryOf(session.stored);
    },

    async login({ email, password }) {
      const client = freshClient();
      return adopt(client, await client.login(email, password), email);
    },

    async recoverAccount({ email, recoveryKey, newPassword }) {
      const client = freshClient();
      return adopt(client, await client.recoverAccount(email, recoveryKey, newPassword), email);
    },

    async logout() {
      const session = signedIn();
      let endedOnServer = true;
      try {
        await session.client.logout();
      } catch (error) {
        // Already refused by the server means already ended; anything else means it may live on.
        endedOnServer = isUnauthenticated(error);
      }
      await forget();
      context.broadcast();
      return { endedOnServer };
    },

    async logoutEverywhere() {
      await withSession((session) => session.client.logoutEverywhere());
      await forget();
      context.broadcast();
      return null;
    },

    async changePassword({ currentPassword, newPassword }) {
      await withSession((session) => session.client.changePassword(currentPassword, newPassword), { provesPassword: true });
      return null;
    },

    async deleteAccount({ password }) {
      await withSession((session) => session.client.deleteAccount(password), { provesPassword: true });
      await forget();
      context.broadcast();
      return null;
    },

    listSessions: () => withSession((session) => session.client.listSessions()),

    async revokeSession({ sessionId }) {
      const own = await withSession(async (session) => {
        await session.client.revokeSession(sessionId);
        return session.stored.sessionId === sessionId;
      });
      if (own) await ended();
      return null;
    },

    revealRecoveryKey: ({ password }) =>
      withSession((session) => session.client.revealRecoveryKey(session.stored.keys, password), { provesPassword: true }),

    renewRecoveryKey: ({ password }) =>
      withSession((session) => session.client.renewRecoveryKey(session.stored.keys, password), { provesPassword: true }),

    getAccount: () =>
      withSession(async (session): Promise<AccountSummary> => {
        const { accountId, email, quotaBytes, usedBytes, createdAt } = await session.client.routes.getAccount();
        return { accountId, email, quotaBytes, usedBytes, createdAt };
      }),
  };

  return {
    handlers,
    withSession: (run) =>
      withSession((session) => run({ apiUrl: started(), client: session.client, accountId: session.stored.accountId, keys: session.stored.keys })),
    async syncFromOtherTab() {
      if (apiUrl === undefined) return;
      const stored = await context.vault.load();
      if (stored === undefined) {
        if (current === undefined) return;
        await forget({ keepVault: true });
        context.notify({ type: 'session', session: null, reason: 'other-tab' });
        return;
      }
      if (current !== undefined && current.stored.accountId === stored.accountId && current.stored.token === stored.token) {
        // Same session, e.g. the recovery key was confirmed in the other tab: keep the keys in
        // use, take the new state, and drop the second copy of the keys just read.
        wipeKeys(stored.keys);
        if (current.stored.pendingRecoveryKey === stored.pendingRecoveryKey) return;
        current.stored = { ...current.stored, pendingRecoveryKey: stored.pendingRecoveryKey };
        context.notify({ type: 'session', session: summaryOf(current.stored), reason: 'other-tab' });
        return;
      }
      await forget({ keepVault: true });
      current = { client: context.createClient({ baseUrl: apiUrl, token: stored.token }), stored };
      context.notify({ type: 'session', session: summaryOf(stored), reason: 'other-tab' });
    },
  };
}

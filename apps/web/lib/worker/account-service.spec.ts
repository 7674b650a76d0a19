import { createAccountKeys } from '@coffre/crypto/account';
import { type SessionView } from '@coffre/sdk/api-types';
import { type ClientOptions, type CoffreClient, type SignedIn, type SignupResult } from '@coffre/sdk/client';
import { ApiError } from '@coffre/sdk/errors';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { type AccountService, createAccountService } from './account-service.ts';
import { type SealedSession } from './session-seal.ts';
import { createSessionVault, type SessionStore } from './session-vault.ts';
import { type SessionEventMessage } from './protocol.ts';

const API = 'http://127.0.0.1:4000';
const ADA_ID = '0b0e8a33-5b8e-4c57-9d2f-6d0f0b2f8a11';
const GRACE_ID = '7d2b5c1e-9a4f-4e3b-8c6d-2f1a0e9b8c7d';
const RECOVERY_KEY = '4FT9V-GRWVW-XA1YE-45JGP-XKBNR-1ZQK5-JZZSY-A1MWN';

const unauthenticated = () => new ApiError(401, 'UNAUTHENTICATED', 'Authentication failed.', 'corr-401');
const offline = () => new ApiError(0, 'NETWORK_ERROR', 'The Coffre API could not be reached.', '');

function view(id: string, current = true): SessionView {
  return { id, createdAt: '2026-11-23T12:00:00Z', lastSeenAt: '2026-11-23T12:00:00Z', expiresAt: '2099-01-01T00:00:00.000Z', userAgent: null, ip: '127.0.0.1', current };
}

function signedIn(accountId: string, token: string, sessionId = `${token}-session`): SignedIn {
  return { accountId, token, session: view(sessionId), keys: createAccountKeys() };
}

/** A client whose every method fails the test unless the test gave it an implementation. */
function strictClient(options: ClientOptions, overrides: Partial<Omit<CoffreClient, 'routes' | 'token'>> & { routes?: Partial<CoffreClient['routes']> } = {}) {
  const unexpected = (name: string) => vi.fn(async () => {
    throw new Error(`unexpected call of ${name}`);
  });
  const names = ['signup', 'login', 'changePassword', 'recoverAccount', 'listSessions', 'revokeSession', 'logout', 'logoutEverywhere', 'deleteAccount', 'lookupPublicKeys', 'confirmPublicKeys', 'revealRecoveryKey', 'renewRecoveryKey'] as const;
  const client = Object.fromEntries(names.map((name) => [name, overrides[name] ? vi.fn(overrides[name]) : unexpected(name)])) as unknown as CoffreClient & Record<(typeof names)[number], ReturnType<typeof vi.fn>>;
  const routes = { getAccount: overrides.routes?.getAccount ? vi.fn(overrides.routes.getAccount) : unexpected('routes.getAccount') };
  return Object.assign(client, { routes, token: options.token, options });
}

type FakeClient = ReturnType<typeof strictClient>;

function memoryStore(): SessionStore & { value: unknown } {
  const store = {
    value: undefined as unknown,
    get: async () => (store.value === undefined ? undefined : structuredClone(store.value)),
    put: async (value: SealedSession) => {
      store.value = structuredClone(value);
    },
    delete: async () => {
      store.value = undefined;
    },
  };
  return store;
}

let store: ReturnType<typeof memoryStore>;
let events: SessionEventMessage[];
let broadcasts: number;
/** Clients handed out, in order; `next` configures the next one. */
let clients: FakeClient[];
let next: Parameters<typeof strictClient>[1][];

function service(sharedStore = store): AccountService {
  return createAccountService({
    vault: createSessionVault(sharedStore),
    notify: (event) => events.push(event),
    broadcast: () => {
      broadcasts += 1;
    },
    createClient: (options) => {
      const client = strictClient(options, next.shift() ?? {});
      clients.push(client);
      return client;
    },
  });
}

beforeEach(() => {
  store = memoryStore();
  events = [];
  broadcasts = 0;
  clients = [];
  next = [];
});

/** A service signed in as Ada with `token`, its client configured with `overrides`. */
async function signedInService(overrides: Parameters<typeof strictClient>[1] = {}, token = 'ada-token') {
  const sut = service();
  await sut.handlers.start({ apiUrl: API });
  const result = signedIn(ADA_ID, token);
  next.push({ login: async () => result, ...overrides });
  await sut.handlers.login({ email: ' Ada@Example.org ', password: 'pw' });
  return { sut, client: clients.at(-1)!, result };
}

describe('start', () => {
  it('reports nobody signed in when this browser keeps no session', async () => {
    await expect(service().handlers.start({ apiUrl: API })).resolves.toBeNull();
  });

  it('resumes a kept session with its token, without a request', async () => {
    await signedInService();
    const sut = service();
    await expect(sut.handlers.start({ apiUrl: API })).resolves.toEqual({ accountId: ADA_ID, email: 'ada@example.org', recoveryKeyPending: false });
    expect(clients.at(-1)!.options).toEqual({ baseUrl: API, token: 'ada-token' });
  });

  it('accepts a second start for the same API, and refuses another API or calls before start', async () => {
    const sut = service();
    await expect(sut.handlers.login({ email: 'a@b.c', password: 'x' })).rejects.toMatchObject({ code: 'NOT_STARTED' });
    await sut.handlers.start({ apiUrl: API });
    await expect(sut.handlers.start({ apiUrl: API })).resolves.toBeNull();
    await expect(sut.handlers.start({ apiUrl: 'https://elsewhere.example' })).rejects.toMatchObject({ code: 'NOT_STARTED' });
  });

  it.each(['javascript:alert(1)', 'not a url', ''])('refuses the API address %j', async (apiUrl) => {
    await expect(service().handlers.start({ apiUrl })).rejects.toThrow(TypeError);
  });

  it('needs a session for session calls', async () => {
    const sut = service();
    await sut.handlers.start({ apiUrl: API });
    for (const call of [() => sut.handlers.listSessions(null), () => sut.handlers.getAccount(null), () => sut.handlers.logout(null), () => sut.handlers.pendingRecoveryKey(null)]) {
      await expect(call()).rejects.toMatchObject({ code: 'NOT_SIGNED_IN' });
    }
  });
});

describe('signup and the recovery key', () => {
  it('keeps the recovery key until confirmed, across reloads, then forgets it', async () => {
    const sut = service();
    await sut.handlers.start({ apiUrl: API });
    const result: SignupResult = { ...signedIn(ADA_ID, 'ada-token'), recoveryKey: RECOVERY_KEY };
    next.push({ signup: async () => result });
    await expect(sut.handlers.signup({ email: 'ada@example.org', password: 'pw' })).resolves.toEqual({ accountId: ADA_ID, email: 'ada@example.org', recoveryKeyPending: true });
    expect(clients[0]!.signup).toHaveBeenCalledWith('ada@example.org', 'pw');
    expect(clients[0]!.options).toEqual({ baseUrl: API });
    await expect(sut.handlers.pendingRecoveryKey(null)).resolves.toBe(RECOVERY_KEY);

    const reloaded = service();
    await expect(reloaded.handlers.start({ apiUrl: API })).resolves.toMatchObject({ recoveryKeyPending: true });
    await expect(reloaded.handlers.pendingRecoveryKey(null)).resolves.toBe(RECOVERY_KEY);

    await expect(reloaded.handlers.confirmRecoveryKey(null)).resolves.toMatchObject({ recoveryKeyPending: false });
    await expect(reloaded.handlers.pendingRecoveryKey(null)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const later = service();
    await expect(later.handlers.start({ apiUrl: API })).resolves.toMatchObject({ recoveryKeyPending: false });
    await expect(later.handlers.pendingRecoveryKey(null)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('keeps nothing when the sign-up fails', async () => {
    const sut = service();
    await sut.handlers.start({ apiUrl: API });
    next.push({
      signup: async () => {
        throw new ApiError(409, 'CONFLICT', 'An account with this email already exists.', 'corr');
      },
    });
    await expect(sut.handlers.signup({ email: 'ada@example.org', password: 'pw' })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(store.value).toBeUndefined();
    expect(broadcasts).toBe(0);
  });
});

describe('login', () => {
  it('keeps the session sealed, under the normalised email, and tells the other tabs', async () => {
    await signedInService();
    expect(clients[0]!.login).toHaveBeenCalledWith(' Ada@Example.org ', 'pw');
    expect((store.value as SealedSession).key.extractable).toBe(false);
    expect(broadcasts).toBe(1);
  });

  it('ends the session it replaces, and wipes its keys, when someone else signs in', async () => {
    const { sut, client, result } = await signedInService({ logout: async () => undefined });
    next.push({ login: async () => signedIn(GRACE_ID, 'grace-token') });
    await expect(sut.handlers.login({ email: 'grace@example.org', password: 'pw' })).resolves.toMatchObject({ accountId: GRACE_ID });
    expect(client.logout).toHaveBeenCalledTimes(1);
    expect(result.keys.rootKey.every((byte) => byte === 0)).toBe(true);
  });

  it('keeps nothing when the password is wrong', async () => {
    const sut = service();
    await sut.handlers.start({ apiUrl: API });
    next.push({
      login: async () => {
        throw unauthenticated();
      },
    });
    await expect(sut.handlers.login({ email: 'ada@example.org', password: 'wrong' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(store.value).toBeUndefined();
    expect(events).toEqual([]);
  });
});

describe('logout', () => {
  it('ends the session on the server, then wipes keys and the kept session', async () => {
    const { sut, client, result } = await signedInService({ logout: async () => undefined });
    await expect(sut.handlers.logout(null)).resolves.toEqual({ endedOnServer: true });
    expect(client.logout).toHaveBeenCalledTimes(1);
    expect(store.value).toBeUndefined();
    expect(result.keys.signing.secretKey.every((byte) => byte === 0)).toBe(true);
    await expect(sut.handlers.listSessions(null)).rejects.toMatchObject({ code: 'NOT_SIGNED_IN' });
  });

  it('signs out here even when the server cannot be told, and says so', async () => {
    const { sut } = await signedInService({
      logout: async () => {
        throw offline();
      },
    });
    await expect(sut.handlers.logout(null)).resolves.toEqual({ endedOnServer: false });
    expect(store.value).toBeUndefined();
  });

  it('counts a session the server already refuses as ended', async () => {
    const { sut } = await signedInService({
      logout: async () => {
        throw unauthenticated();
      },
    });
    await expect(sut.handlers.logout(null)).resolves.toEqual({ endedOnServer: true });
  });

  it('signs out everywhere only when the server did it', async () => {
    const { sut } = await signedInService({
      logoutEverywhere: async () => {
        throw offline();
      },
    });
    await expect(sut.handlers.logoutEverywhere(null)).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
    expect(store.value).toBeDefined();
    clients[0]!.logoutEverywhere.mockResolvedValueOnce(undefined);
    await expect(sut.handlers.logoutEverywhere(null)).resolves.toBeNull();
    expect(store.value).toBeUndefined();
  });
});

describe('a session the server no longer accepts', () => {
  it('is forgotten at the first refused call, and the page is told', async () => {
    const { sut } = await signedInService({
      listSessions: async () => {
        throw unauthenticated();
      },
    });
    await expect(sut.handlers.listSessions(null)).rejects.toMatchObject({ code: 'NOT_SIGNED_IN' });
    expect(store.value).toBeUndefined();
    expect(events).toEqual([{ type: 'session', session: null, reason: 'expired' }]);
  });

  it('is not assumed over for a wrong current password: the session is checked first', async () => {
    const { sut } = await signedInService({
      changePassword: async () => {
        throw unauthenticated();
      },
      routes: { getAccount: async () => ({ accountId: ADA_ID }) as never },
    });
    await expect(sut.handlers.changePassword({ currentPassword: 'wrong', newPassword: 'new' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(store.value).toBeDefined();
    expect(events).toEqual([]);
  });

  it('is over when a password-proving call fails and the session check fails too', async () => {
    const { sut } = await signedInService({
      deleteAccount: async () => {
        throw unauthenticated();
      },
      routes: {
        getAccount: async () => {
          throw unauthenticated();
        },
      },
    });
    await expect(sut.handlers.deleteAccount({ password: 'pw' })).rejects.toMatchObject({ code: 'NOT_SIGNED_IN' });
    expect(store.value).toBeUndefined();
    expect(events).toEqual([{ type: 'session', session: null, reason: 'expired' }]);
  });

  it('is over once this very session is revoked', async () => {
    const { sut, result } = await signedInService({ revokeSession: async () => undefined });
    await expect(sut.handlers.revokeSession({ sessionId: 'another-session' })).resolves.toBeNull();
    expect(store.value).toBeDefined();
    await expect(sut.handlers.revokeSession({ sessionId: result.session.id })).rejects.toMatchObject({ code: 'NOT_SIGNED_IN' });
    expect(store.value).toBeUndefined();
  });

  it('is kept through other failures, such as the server being unreachable', async () => {
    const { sut } = await signedInService({
      listSessions: async () => {
        throw offline();
      },
    });
    await expect(sut.handlers.listSessions(null)).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
    expect(store.value).toBeDefined();
    expect(events).toEqual([]);
  });
});

describe('the recovery key, again', () => {
  it("reveals and renews with the session's own root key and the password", async () => {
    const { sut, client, result } = await signedInService({ revealRecoveryKey: async () => RECOVERY_KEY, renewRecoveryKey: async () => 'NEW-KEY' });
    await expect(sut.handlers.revealRecoveryKey({ password: 'pw' })).resolves.toBe(RECOVERY_KEY);
    await expect(sut.handlers.renewRecoveryKey({ password: 'pw' })).resolves.toBe('NEW-KEY');
    expect(client.revealRecoveryKey).toHaveBeenCalledWith(result.keys, 'pw');
    expect(client.renewRecoveryKey).toHaveBeenCalledWith(result.keys, 'pw');
  });

  it('keeps the session through a wrong password, which the server answers like an ended session', async () => {
    const { sut } = await signedInService({
      revealRecoveryKey: async () => {
        throw unauthenticated();
      },
      routes: { getAccount: async () => ({ accountId: ADA_ID }) as never },
    });
    await expect(sut.handlers.revealRecoveryKey({ password: 'wrong' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(store.value).toBeDefined();
    expect(events).toEqual([]);
  });

  it('needs a signed-in session', async () => {
    const sut = service();
    await sut.handlers.start({ apiUrl: API });
    await expect(sut.handlers.revealRecoveryKey({ password: 'pw' })).rejects.toMatchObject({ code: 'NOT_SIGNED_IN' });
  });
});

describe('account calls', () => {
  it('hands the page the account without its key bundle', async () => {
    const account = { accountId: ADA_ID, email: 'ada@example.org', keyBundle: { rootKeyWrap: 'wrapped' }, quotaBytes: 10, usedBytes: 3, createdAt: '2026-11-23T12:00:00Z' };
    const { sut } = await signedInService({ routes: { getAccount: async () => account as never } });
    await expect(sut.handlers.getAccount(null)).resolves.toEqual({ accountId: ADA_ID, email: 'ada@example.org', quotaBytes: 10, usedBytes: 3, createdAt: '2026-11-23T12:00:00Z' });
  });

  it('forgets the session once the account is deleted', async () => {
    const { sut, client } = await signedInService({ deleteAccount: async () => undefined });
    await expect(sut.handlers.deleteAccount({ password: 'pw' })).resolves.toBeNull();
    expect(client.deleteAccount).toHaveBeenCalledWith('pw');
    expect(store.value).toBeUndefined();
  });

  it('signs in after a recovery with the new password', async () => {
    const sut = service();
    await sut.handlers.start({ apiUrl: API });
    next.push({ recoverAccount: async () => signedIn(ADA_ID, 'recovered-token') });
    await expect(sut.handlers.recoverAccount({ email: 'ada@example.org', recoveryKey: RECOVERY_KEY, newPassword: 'new' })).resolves.toMatchObject({ accountId: ADA_ID, recoveryKeyPending: false });
    expect(clients[0]!.recoverAccount).toHaveBeenCalledWith('ada@example.org', RECOVERY_KEY, 'new');
    expect(store.value).toBeDefined();
  });
});

describe('syncFromOtherTab', () => {
  it('follows another tab signing out: keys wiped here, the page told', async () => {
    const { sut, result } = await signedInService();
    store.value = undefined;
    await sut.syncFromOtherTab();
    expect(events).toEqual([{ type: 'session', session: null, reason: 'other-tab' }]);
    expect(result.keys.rootKey.every((byte) => byte === 0)).toBe(true);
    await expect(sut.handlers.listSessions(null)).rejects.toMatchObject({ code: 'NOT_SIGNED_IN' });
  });

  it('follows another tab signing in as someone else', async () => {
    const { sut } = await signedInService();
    const otherTab = service(store);
    await otherTab.handlers.start({ apiUrl: API });
    next.push({ login: async () => signedIn(GRACE_ID, 'grace-token') });
    await otherTab.handlers.login({ email: 'grace@example.org', password: 'pw' });
    await sut.syncFromOtherTab();
    expect(events).toEqual([{ type: 'session', session: { accountId: GRACE_ID, email: 'grace@example.org', recoveryKeyPending: false }, reason: 'other-tab' }]);
    expect(clients.at(-1)!.options).toEqual({ baseUrl: API, token: 'grace-token' });
  });

  it('follows the recovery key being confirmed elsewhere, and stays quiet when nothing changed', async () => {
    const sut = service();
    await sut.handlers.start({ apiUrl: API });
    next.push({ signup: async () => ({ ...signedIn(ADA_ID, 'ada-token'), recoveryKey: RECOVERY_KEY }) });
    await sut.handlers.signup({ email: 'ada@example.org', password: 'pw' });
    await sut.syncFromOtherTab();
    expect(events).toEqual([]);

    const otherTab = service(store);
    await otherTab.handlers.start({ apiUrl: API });
    await otherTab.handlers.confirmRecoveryKey(null);
    await sut.syncFromOtherTab();
    expect(events).toEqual([{ type: 'session', session: { accountId: ADA_ID, email: 'ada@example.org', recoveryKeyPending: false }, reason: 'other-tab' }]);
    await expect(sut.handlers.pendingRecoveryKey(null)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

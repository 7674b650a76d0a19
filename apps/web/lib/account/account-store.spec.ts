import { describe, expect, it, vi } from 'vitest';
import { AccountError } from '../worker/errors.ts';
import { type MethodName, type ParamsOf, type ResultOf, type SessionEventMessage, type SessionSummary } from '../worker/protocol.ts';
import { type WorkerClient } from '../worker/rpc.ts';
import { createAccountStore, type SessionState } from './account-store.ts';

const ADA: SessionSummary = { accountId: '0b0e8a33-5b8e-4c57-9d2f-6d0f0b2f8a11', email: 'ada@example.org', recoveryKeyPending: false };

type Answers = { [M in MethodName]?: (params: ParamsOf<M>) => Promise<ResultOf<M>> };

/** A worker that answers only the methods a test lists, and can send session events. */
function fakeWorker(answers: Answers) {
  let listener: ((event: SessionEventMessage) => void) | undefined;
  const calls: { method: MethodName; params: unknown }[] = [];
  const worker: WorkerClient = {
    call: (method, params) => {
      calls.push({ method, params });
      const answer = answers[method] as ((params: unknown) => Promise<never>) | undefined;
      return answer === undefined ? Promise.reject(new Error(`unexpected call of ${method}`)) : answer(params);
    },
    onSessionEvent: (next) => {
      listener = next;
      return () => undefined;
    },
    onTransferEvent: () => () => undefined,
    fail: () => undefined,
  };
  return { worker, calls, emit: (event: SessionEventMessage) => listener?.(event) };
}

function states(store: ReturnType<typeof createAccountStore>): SessionState[] {
  const seen: SessionState[] = [];
  store.subscribe(() => seen.push(store.getState()));
  return seen;
}

const failure = (code: AccountError['code']) => new AccountError({ code, message: code });

describe('createAccountStore', () => {
  it('starts once, with the API address, and reports who is signed in', async () => {
    const { worker, calls } = fakeWorker({ start: async () => ADA });
    const store = createAccountStore(worker, 'http://api');
    expect(store.getState()).toEqual({ status: 'starting' });
    store.start();
    store.start();
    await vi.waitFor(() => expect(store.getState()).toEqual({ status: 'signed-in', session: ADA }));
    expect(calls).toEqual([{ method: 'start', params: { apiUrl: 'http://api' } }]);
  });

  it('reports nobody signed in, or a worker that could not start', async () => {
    const nobody = createAccountStore(fakeWorker({ start: async () => null }).worker, 'http://api');
    nobody.start();
    await vi.waitFor(() => expect(nobody.getState()).toEqual({ status: 'signed-out', reason: 'none' }));

    const broken = createAccountStore(fakeWorker({ start: () => Promise.reject(failure('WORKER_FAILED')) }).worker, 'http://api');
    broken.start();
    await vi.waitFor(() => expect(broken.getState()).toMatchObject({ status: 'failed', error: { code: 'WORKER_FAILED' } }));
  });

  it('signs in and out, telling subscribers each time', async () => {
    const { worker } = fakeWorker({ login: async () => ADA, logout: async () => ({ endedOnServer: true }) });
    const store = createAccountStore(worker, 'http://api');
    const seen = states(store);
    await expect(store.login('ada@example.org', 'pw')).resolves.toEqual(ADA);
    await expect(store.logout()).resolves.toEqual({ endedOnServer: true });
    expect(seen).toEqual([
      { status: 'signed-in', session: ADA },
      { status: 'signed-out', reason: 'signed-out' },
    ]);
  });

  it('remembers that the server could not be told about a sign-out', async () => {
    const store = createAccountStore(fakeWorker({ logout: async () => ({ endedOnServer: false }) }).worker, 'http://api');
    await store.logout();
    expect(store.getState()).toEqual({ status: 'signed-out', reason: 'signed-out-offline' });
  });

  it('names why the session ended: everywhere, deleted', async () => {
    const store = createAccountStore(fakeWorker({ logoutEverywhere: async () => null, deleteAccount: async () => null }).worker, 'http://api');
    await store.logoutEverywhere();
    expect(store.getState()).toEqual({ status: 'signed-out', reason: 'signed-out-everywhere' });
    await store.deleteAccount('pw');
    expect(store.getState()).toEqual({ status: 'signed-out', reason: 'deleted' });
  });

  it('stays signed in when an action fails for another reason', async () => {
    const { worker } = fakeWorker({ login: async () => ADA, changePassword: () => Promise.reject(failure('UNAUTHENTICATED')) });
    const store = createAccountStore(worker, 'http://api');
    await store.login('ada@example.org', 'pw');
    await expect(store.changePassword('wrong', 'new')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(store.getState()).toEqual({ status: 'signed-in', session: ADA });
  });

  it('shows the session gone when the worker says so', async () => {
    const { worker } = fakeWorker({ login: async () => ADA, listSessions: () => Promise.reject(failure('NOT_SIGNED_IN')) });
    const store = createAccountStore(worker, 'http://api');
    await store.login('ada@example.org', 'pw');
    await expect(store.listSessions()).rejects.toMatchObject({ code: 'NOT_SIGNED_IN' });
    expect(store.getState()).toEqual({ status: 'signed-out', reason: 'expired' });
  });

  it('follows the session events the worker sends on its own', async () => {
    const { worker, emit } = fakeWorker({});
    const store = createAccountStore(worker, 'http://api');
    emit({ type: 'session', session: ADA, reason: 'other-tab' });
    expect(store.getState()).toEqual({ status: 'signed-in', session: ADA });
    emit({ type: 'session', session: null, reason: 'expired' });
    expect(store.getState()).toEqual({ status: 'signed-out', reason: 'expired' });
  });

  it('passes parameters through unchanged', async () => {
    const { worker, calls } = fakeWorker({ recoverAccount: async () => ADA, revokeSession: async () => null, confirmRecoveryKey: async () => ADA });
    const store = createAccountStore(worker, 'http://api');
    await store.recoverAccount('ada@example.org', 'KEY', 'new');
    await store.revokeSession('s-1');
    await store.confirmRecoveryKey();
    expect(calls).toEqual([
      { method: 'recoverAccount', params: { email: 'ada@example.org', recoveryKey: 'KEY', newPassword: 'new' } },
      { method: 'revokeSession', params: { sessionId: 's-1' } },
      { method: 'confirmRecoveryKey', params: null },
    ]);
  });
});

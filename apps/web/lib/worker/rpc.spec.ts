import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { DriveError } from '@coffre/sdk/drive';
import { ApiError } from '@coffre/sdk/errors';
import { CryptoError } from '@coffre/crypto/errors';
import { afterEach, describe, expect, it } from 'vitest';
import { AccountError, WorkerFailure } from './errors.ts';
import { type SessionSummary } from './protocol.ts';
import { createWorkerClient, type Handlers, type MessageEndpoint, serveRequests } from './rpc.ts';

const ports: MessagePort[] = [];

afterEach(() => {
  for (const port of ports.splice(0)) port.close();
});

/** A real message channel, as between a page and its worker, with the DOM's listener shape. */
function channel(): [MessageEndpoint, MessageEndpoint] {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  const endpoint = (port: MessagePort): MessageEndpoint => ({
    postMessage: (message) => port.postMessage(message),
    addEventListener: (_, listener) => port.on('message', (data: unknown) => listener({ data } as MessageEvent)),
    removeEventListener: () => port.removeAllListeners('message'),
  });
  return [endpoint(port1), endpoint(port2)];
}

const ADA: SessionSummary = { accountId: '0b0e8a33-5b8e-4c57-9d2f-6d0f0b2f8a11', email: 'ada@example.org', recoveryKeyPending: false };

/** Handlers that fail loudly for any method a test did not expect to be called. */
function handlers(overrides: Partial<Handlers>): Handlers {
  return new Proxy(overrides as Handlers, {
    get: (target, method: string) => target[method as keyof Handlers] ?? (() => Promise.reject(new Error(`unexpected call of ${method}`))),
    has: (target, method) => method in target,
  });
}

describe('worker requests', () => {
  it('carries parameters and results across, matching each response to its request', async () => {
    const [page, worker] = channel();
    serveRequests(worker, handlers({ start: async ({ apiUrl }) => (apiUrl === 'http://api' ? ADA : null), login: async ({ email }) => ({ ...ADA, email }) }));
    const client = createWorkerClient(page);
    const [started, loggedIn] = await Promise.all([client.call('start', { apiUrl: 'http://api' }), client.call('login', { email: 'grace@example.org', password: 'x' })]);
    expect(started).toEqual(ADA);
    expect(loggedIn).toEqual({ ...ADA, email: 'grace@example.org' });
  });

  it('runs requests one at a time, in the order they were sent', async () => {
    const [page, worker] = channel();
    const log: string[] = [];
    const slow = async (name: string, ms: number) => {
      log.push(`${name} start`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      log.push(`${name} end`);
    };
    serveRequests(
      worker,
      handlers({
        logout: async () => {
          await slow('logout', 30);
          return { endedOnServer: true };
        },
        logoutEverywhere: async () => {
          await slow('everywhere', 1);
          return null;
        },
      }),
    );
    const client = createWorkerClient(page);
    await Promise.all([client.call('logout', null), client.call('logoutEverywhere', null)]);
    expect(log).toEqual(['logout start', 'logout end', 'everywhere start', 'everywhere end']);
  });

  it('keeps serving after a handler fails, and reports API errors with their details', async () => {
    const [page, worker] = channel();
    serveRequests(
      worker,
      handlers({
        login: async () => {
          throw new ApiError(429, 'RATE_LIMITED', 'Too many requests; try again later.', 'corr-1', { retryAfterSeconds: 30 });
        },
        listSessions: async () => [],
      }),
    );
    const client = createWorkerClient(page);
    const error = await client.call('login', { email: 'a@b.c', password: 'x' }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(AccountError);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', status: 429, correlationId: 'corr-1', retryAfterSeconds: 30, message: 'Too many requests; try again later.' });
    await expect(client.call('listSessions', null)).resolves.toEqual([]);
  });

  it('passes on what a recovery-key typo is, but says nothing more than "failed" about decryption', async () => {
    const [page, worker] = channel();
    serveRequests(
      worker,
      handlers({
        recoverAccount: async ({ recoveryKey }) => {
          throw recoveryKey === 'typo' ? new CryptoError('INVALID_INPUT', 'recovery key group 3 has a typo') : new CryptoError('DECRYPT_FAILED', 'tag mismatch in root-key-wrap');
        },
      }),
    );
    const client = createWorkerClient(page);
    const recover = (recoveryKey: string) => client.call('recoverAccount', { email: 'a@b.c', recoveryKey, newPassword: 'x' }).catch((thrown: unknown) => thrown);
    expect(await recover('typo')).toMatchObject({ code: 'INVALID_INPUT', message: 'recovery key group 3 has a typo' });
    const failed = (await recover('wrong')) as AccountError;
    expect(failed).toMatchObject({ code: 'DECRYPT_FAILED', message: 'decryption failed' });
    expect(failed.message).not.toContain('root-key-wrap');
  });

  it('hides the text of unexpected errors, which may hold internal detail', async () => {
    const [page, worker] = channel();
    serveRequests(
      worker,
      handlers({
        getAccount: async () => {
          throw new Error('token abc123 rejected by internal check');
        },
        pendingRecoveryKey: async () => {
          throw new WorkerFailure('NOT_FOUND', 'The recovery key is shown only once.');
        },
      }),
    );
    const client = createWorkerClient(page);
    const error = (await client.call('getAccount', null).catch((thrown: unknown) => thrown)) as AccountError;
    expect(error).toMatchObject({ code: 'WORKER_FAILED', message: 'Something went wrong in this browser.' });
    expect(error.message).not.toContain('abc123');
    await expect(client.call('pendingRecoveryKey', null)).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'The recovery key is shown only once.' });
  });

  it('answers a method it does not know with an error instead of leaving the call hanging', async () => {
    const [page, worker] = channel();
    serveRequests(worker, handlers({}));
    page.postMessage({ type: 'request', id: 7, method: 'toString', params: null });
    page.postMessage({ type: 'request', id: 8, method: 'noSuchMethod', params: null });
    const answers: unknown[] = [];
    page.addEventListener('message', (event) => answers.push(event.data));
    await expect.poll(() => answers.length).toBe(2);
    expect(answers).toEqual([
      { type: 'response', id: 7, ok: false, error: { code: 'WORKER_FAILED', message: 'Something went wrong in this browser.' } },
      { type: 'response', id: 8, ok: false, error: { code: 'WORKER_FAILED', message: 'Something went wrong in this browser.' } },
    ]);
  });

  it('ignores messages that are not requests, and responses nobody waits for', async () => {
    const [page, worker] = channel();
    serveRequests(worker, handlers({ listSessions: async () => [] }));
    const client = createWorkerClient(page);
    worker.postMessage({ type: 'response', id: 999, ok: true, result: 'stray' });
    page.postMessage('hello');
    page.postMessage({ type: 'request', id: 'x', method: 'listSessions' });
    await expect(client.call('listSessions', null)).resolves.toEqual([]);
  });

  it('delivers session events to listeners until they unsubscribe', async () => {
    const [page, worker] = channel();
    const client = createWorkerClient(page);
    const seen: unknown[] = [];
    const unsubscribe = client.onSessionEvent((event) => seen.push(event));
    worker.postMessage({ type: 'session', session: null, reason: 'expired' });
    await expect.poll(() => seen.length).toBe(1);
    unsubscribe();
    worker.postMessage({ type: 'session', session: ADA, reason: 'other-tab' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toEqual([{ type: 'session', session: null, reason: 'expired' }]);
  });

  it('delivers upload reports to transfer listeners only, and drive errors with their own wording', async () => {
    const [page, worker] = channel();
    serveRequests(
      worker,
      handlers({
        renameNode: async () => {
          throw new DriveError('NAME_TAKEN', '"a.txt" already exists in "Docs".');
        },
        listFolder: async () => {
          throw new DriveError('TAMPERED', 'node 42 signature check failed under key k');
        },
      }),
    );
    const client = createWorkerClient(page);
    const sessions: unknown[] = [];
    const transfers: unknown[] = [];
    client.onSessionEvent((event) => sessions.push(event));
    client.onTransferEvent((event) => transfers.push(event));
    const report = { type: 'transfers', transfers: [{ transferId: 't', name: 'a.txt', folderPath: '', parentId: 'p', size: 3, done: 1, status: 'uploading', resumed: false }] };
    worker.postMessage(report);
    await expect.poll(() => transfers.length).toBe(1);
    expect(transfers).toEqual([report]);
    expect(sessions).toEqual([]);
    await expect(client.call('renameNode', { nodeId: 'n', name: 'a.txt' })).rejects.toMatchObject({ code: 'NAME_TAKEN', message: '"a.txt" already exists in "Docs".' });
    // Verification failures say that they failed, and nothing of what failed.
    const tampered = (await client.call('listFolder', { folderId: null }).catch((thrown: unknown) => thrown)) as AccountError;
    expect(tampered).toMatchObject({ code: 'TAMPERED', message: 'Something the server sent failed verification.' });
  });

  it('fails pending and later calls when the worker dies', async () => {
    const [page] = channel();
    const client = createWorkerClient(page);
    const pending = client.call('listSessions', null);
    client.fail('the worker could not load');
    await expect(pending).rejects.toMatchObject({ code: 'WORKER_FAILED', message: 'the worker could not load' });
    await expect(client.call('getAccount', null)).rejects.toMatchObject({ code: 'WORKER_FAILED' });
  });

  it('stops answering once stopped', async () => {
    const [page, worker] = channel();
    const server = serveRequests(worker, handlers({ listSessions: async () => [] }));
    server.stop();
    const client = createWorkerClient(page);
    const outcome = await Promise.race([client.call('listSessions', null).then(() => 'answered'), new Promise((resolve) => setTimeout(() => resolve('silent'), 50))]);
    expect(outcome).toBe('silent');
  });
});

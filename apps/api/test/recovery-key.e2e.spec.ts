// The recovery key seen again and replaced, end to end: the SDK as the client, the real API in
// this process, a fresh Postgres database and the local Redis. The server hands the escrow out
// only with a fresh, unused proof of the account's own password; the client refuses an escrow
// that does not open, or does not match the account's current recovery wrap.
import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { CryptoError } from '@coffre/crypto/errors';
import { finishLogin, startLogin } from '@coffre/crypto/opaque';
import { createTestDatabase } from '@coffre/db/testing';
import { createClient } from '@coffre/sdk/client';
import { ApiError } from '@coffre/sdk/errors';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, type TestAccount } from './support/accounts.js';
import { expectError } from './support/expect-error.js';
import { startTestApp, type TestApp } from './support/start-test-app.js';

const REDIS_URL = 'redis://127.0.0.1:6379';
const prefix = `coffre-test-recovery-${randomBytes(6).toString('hex')}:`;
let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
let api: TestApp | undefined;
let redis: Redis;
let ada: TestAccount;
let grace: TestAccount;

beforeAll(async () => {
  database = await createTestDatabase();
  api = await startTestApp({ DATABASE_URL: database.url, COFFRE_REDIS_KEY_PREFIX: prefix });
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  [ada, grace] = await Promise.all([signUp(api.url, 'ada'), signUp(api.url, 'grace')]);
});

afterAll(async () => {
  redis?.disconnect();
  await api?.close();
  await database?.drop();
});

function baseUrl(): string {
  if (api === undefined) throw new Error('the API did not start');
  return api.url;
}

/** The client-side half of a login for `account`: the proof a sensitive route asks for. */
async function loginProof(account: TestAccount, { expireFirst = false } = {}): Promise<{ loginId: string; finishLoginRequest: string }> {
  const start = await startLogin(account.password);
  const { loginId, loginResponse } = await account.client.routes.loginStart({ email: account.email, startLoginRequest: start.request });
  if (expireFirst) {
    // Time passing beyond the attempt's two minutes, without waiting them: Redis drops it.
    await redis.pexpire(`${prefix}auth:login:${loginId}`, 1);
    await sleep(20);
  }
  const finished = await finishLogin({ password: account.password, state: start.state, response: loginResponse });
  return { loginId, finishLoginRequest: finished.finishRequest };
}

function reveal(account: TestAccount, body: unknown): Promise<Response> {
  return fetch(`${baseUrl()}/api/account/recovery-key/reveal`, {
    method: 'POST',
    headers: { authorization: `Bearer ${account.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function rejection(attempt: Promise<unknown>): Promise<unknown> {
  return attempt.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

const UNAUTHENTICATED = { code: 'UNAUTHENTICATED', message: 'Authentication failed.' };

describe('showing the recovery key again', () => {
  it('shows the key given at sign-up, after the password is proven', async () => {
    await expect(ada.client.revealRecoveryKey(ada.keys, ada.password)).resolves.toBe(ada.recoveryKey);
  });

  it('answers the escrow and wrap with a fresh proof, and nothing without one', async () => {
    const response = await reveal(ada, await loginProof(ada));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { recoveryWrap: string; recoveryEscrow: string };
    expect(Object.keys(body).sort()).toEqual(['recoveryEscrow', 'recoveryWrap']);

    await expectError(await reveal(ada, {}), 400, {
      code: 'VALIDATION_FAILED',
      message: 'The request is invalid.',
      issues: [
        { path: 'body.loginId', message: expect.any(String) as unknown as string },
        { path: 'body.finishLoginRequest', message: expect.any(String) as unknown as string },
      ],
    });
    await expectError(await reveal(ada, { loginId: randomUUID(), finishLoginRequest: randomBytes(64).toString('base64url') }), 401, UNAUTHENTICATED);
    const noSession = await fetch(`${baseUrl()}/api/account/recovery-key/reveal`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(await loginProof(ada)),
    });
    await expectError(noSession, 401, UNAUTHENTICATED);
  });

  it('refuses a stale proof (its login attempt expired) and a proof used once already', async () => {
    await expectError(await reveal(ada, await loginProof(ada, { expireFirst: true })), 401, UNAUTHENTICATED);

    const proof = await loginProof(ada);
    expect((await reveal(ada, proof)).status).toBe(200);
    await expectError(await reveal(ada, proof), 401, UNAUTHENTICATED);
  });

  it("refuses another account's proof on this session, and a wrong password", async () => {
    await expectError(await reveal(ada, await loginProof(grace)), 401, UNAUTHENTICATED);
    const error = await rejection(ada.client.revealRecoveryKey(ada.keys, `${ada.password}!`));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
  });

  it('refuses, on the client, an escrow that was tampered with, swapped or left stale', async () => {
    const account = await signUp(baseUrl(), 'tampered');
    const row = await database!.prisma.account.findUniqueOrThrow({ where: { id: account.accountId } });
    const graceRow = await database!.prisma.account.findUniqueOrThrow({ where: { id: grace.accountId } });
    const escrow = Buffer.from(row.recoveryEscrow!, 'base64url');
    const flipped = Buffer.from(escrow);
    flipped[flipped.length - 1]! ^= 0x01;

    const cases: [string, Partial<typeof row>][] = [
      ['one bit flipped', { recoveryEscrow: flipped.toString('base64url') }],
      ["another account's escrow", { recoveryEscrow: graceRow.recoveryEscrow }],
      ["another account's recovery wrap", { recoveryWrap: graceRow.recoveryWrap }],
      ['the recovery wrap given as the escrow', { recoveryEscrow: row.recoveryWrap }],
    ];
    for (const [name, change] of cases) {
      await database!.prisma.account.update({ where: { id: account.accountId }, data: change });
      const error = await rejection(account.client.revealRecoveryKey(account.keys, account.password));
      expect(error, name).toBeInstanceOf(CryptoError);
      expect((error as CryptoError).code, name).toBe('DECRYPT_FAILED');
      await database!.prisma.account.update({ where: { id: account.accountId }, data: { recoveryEscrow: row.recoveryEscrow, recoveryWrap: row.recoveryWrap } });
    }

    // A stale escrow: a new key replaced the wrap, and the server hands out the old escrow.
    await account.client.renewRecoveryKey(account.keys, account.password);
    await database!.prisma.account.update({ where: { id: account.accountId }, data: { recoveryEscrow: row.recoveryEscrow } });
    const stale = await rejection(account.client.revealRecoveryKey(account.keys, account.password));
    expect(stale).toMatchObject({ name: 'CryptoError', code: 'DECRYPT_FAILED' });
  });
});

describe('a new recovery key', () => {
  it('replaces the old one: the new key recovers the account, the old one no longer does', async () => {
    const account = await signUp(baseUrl(), 'renew');
    const renewed = await account.client.renewRecoveryKey(account.keys, account.password);
    expect(renewed).not.toBe(account.recoveryKey);
    await expect(account.client.revealRecoveryKey(account.keys, account.password)).resolves.toBe(renewed);

    const old = await rejection(createClient({ baseUrl: baseUrl() }).recoverAccount(account.email, account.recoveryKey, `${account.password} again`));
    expect(old).toMatchObject({ name: 'CryptoError', code: 'DECRYPT_FAILED' });
    const recovered = await createClient({ baseUrl: baseUrl() }).recoverAccount(account.email, renewed, `${account.password} again`);
    expect(Buffer.from(recovered.keys.rootKey).equals(Buffer.from(account.keys.rootKey))).toBe(true);
  });

  it('gives an account from before escrows its first one: NOT_FOUND until then', async () => {
    const account = await signUp(baseUrl(), 'legacy');
    await database!.prisma.account.update({ where: { id: account.accountId }, data: { recoveryEscrow: null } });
    const missing = await rejection(account.client.revealRecoveryKey(account.keys, account.password));
    expect(missing).toMatchObject({ status: 404, code: 'NOT_FOUND', message: 'This account has no stored copy of its recovery key; generate a new one.' });

    const renewed = await account.client.renewRecoveryKey(account.keys, account.password);
    await expect(account.client.revealRecoveryKey(account.keys, account.password)).resolves.toBe(renewed);
  });

  it('refuses a replacement without a fresh proof of this account, or with material of the wrong kind', async () => {
    const account = await signUp(baseUrl(), 'refused');
    const before = await database!.prisma.account.findUniqueOrThrow({ where: { id: account.accountId } });
    const put = async (body: unknown) =>
      fetch(`${baseUrl()}/api/account/recovery-key`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${account.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const material = { recoveryWrap: before.recoveryWrap, recoveryEscrow: before.recoveryEscrow! };

    await expectError(await put({ ...(await loginProof(grace)), ...material }), 401, UNAUTHENTICATED);
    await expectError(await put({ ...(await loginProof(account, { expireFirst: true })), ...material }), 401, UNAUTHENTICATED);
    await expectError(await put({ ...(await loginProof(account)), recoveryWrap: material.recoveryEscrow, recoveryEscrow: material.recoveryEscrow }), 400, {
      code: 'VALIDATION_FAILED',
      message: 'The request is invalid.',
      issues: [{ path: 'body.recoveryWrap', message: 'must be a recovery-wrap envelope' }],
    });
    const after = await database!.prisma.account.findUniqueOrThrow({ where: { id: account.accountId } });
    expect([after.recoveryWrap, after.recoveryEscrow]).toEqual([before.recoveryWrap, before.recoveryEscrow]);
  });
});

describe('OpenAPI', () => {
  it('describes both routes with their schemas', async () => {
    const document = (await (await fetch(`${baseUrl()}/api/docs/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(document.paths['/api/account/recovery-key/reveal'] ?? {})).toEqual(['post']);
    expect(Object.keys(document.paths['/api/account/recovery-key'] ?? {})).toEqual(['put']);
    for (const schema of ['RevealRecoveryKeyRequest', 'RecoveryKeyMaterial', 'ReplaceRecoveryKeyRequest']) expect(document.components.schemas).toHaveProperty(schema);
  });
});

// Accounts and sessions end to end: the SDK as the client, the real API in this process, a fresh
// Postgres database and the local Redis. Every flow a person goes through, and its failures.
import { CryptoError } from '@coffre/crypto/errors';
import { createTestDatabase } from '@coffre/db/testing';
import { createClient } from '@coffre/sdk/client';
import { ApiError, KeyChangedError } from '@coffre/sdk/errors';
import { createMemoryPinStore } from '@coffre/sdk/pins';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, type TestAccount, uniqueEmail, uniquePassword } from './support/accounts.js';
import { startTestApp, type TestApp } from './support/start-test-app.js';

let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
let api: TestApp | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  api = await startTestApp({ DATABASE_URL: database.url });
});

afterAll(async () => {
  await api?.close();
  await database?.drop();
});

function baseUrl(): string {
  if (api === undefined) throw new Error('the API did not start');
  return api.url;
}

/** Runs `attempt` and returns the ApiError it must throw. */
async function apiErrorOf(attempt: Promise<unknown>): Promise<ApiError> {
  const error = await attempt.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

/** The 401 every authentication failure gets, whatever failed. */
const UNAUTHENTICATED = { status: 401, code: 'UNAUTHENTICATED', message: 'Authentication failed.' };

// Two accounts for the tests that change nothing about them (each signup costs two Argon2id
// runs); tests that change an account make their own.
let ada: TestAccount;
let grace: TestAccount;

beforeAll(async () => {
  [ada, grace] = await Promise.all([signUp(baseUrl(), 'ada'), signUp(baseUrl(), 'grace')]);
});

describe('signup and login', () => {
  it('signs up with a printable recovery key and a session, and logs in again to the same keys', async () => {
    expect(ada.recoveryKey).toMatch(/^([0-9A-HJKMNP-TV-Z]{5}-){7}[0-9A-HJKMNP-TV-Z]{5}$/);
    expect(ada.session.current).toBe(true);

    const again = await createClient({ baseUrl: baseUrl() }).login(ada.email.toUpperCase(), ada.password);

    expect(again.accountId).toBe(ada.accountId);
    expect(again.token).not.toBe(ada.token);
    expect(Buffer.from(again.keys.rootKey).equals(Buffer.from(ada.keys.rootKey))).toBe(true);
    expect(again.keys.signing.publicKey).toEqual(ada.keys.signing.publicKey);
    expect(again.keys.sharing.publicKey).toEqual(ada.keys.sharing.publicKey);
  });

  it('answers a wrong password with the generic 401, and leaves the client signed out', async () => {
    const client = createClient({ baseUrl: baseUrl() });
    const error = await apiErrorOf(client.login(ada.email, `${ada.password}!`));
    expect(error).toMatchObject(UNAUTHENTICATED);
    expect(client.token).toBeUndefined();
  });

  it('answers an unknown email exactly like a wrong password', async () => {
    const error = await apiErrorOf(createClient({ baseUrl: baseUrl() }).login(uniqueEmail('nobody'), uniquePassword()));
    expect(error).toMatchObject(UNAUTHENTICATED);
  });

  it('refuses a second account with the same email, whatever its case', async () => {
    const error = await apiErrorOf(createClient({ baseUrl: baseUrl() }).signup(` ${ada.email.toUpperCase()} `, uniquePassword()));
    expect(error).toMatchObject({ status: 409, code: 'CONFLICT', message: 'An account with this email already exists.' });
  });

  it('refuses to log in when the server presents another OPAQUE key than the pinned one', async () => {
    const client = createClient({ baseUrl: baseUrl(), serverPublicKey: 'not-this-server' });
    await expect(client.login(ada.email, ada.password)).rejects.toMatchObject({ code: 'KEY_CHANGED' });
  });
});

describe('sessions', () => {
  it('lists the live sessions with the current one flagged, and revokes one: its token is refused', async () => {
    const lin = await signUp(baseUrl(), 'lin');
    const laptop = createClient({ baseUrl: baseUrl() });
    const laptopLogin = await laptop.login(lin.email, lin.password);

    const sessions = await lin.client.listSessions();
    expect(sessions.map((session) => session.id).sort()).toEqual([lin.session.id, laptopLogin.session.id].sort());
    expect(sessions.find((session) => session.current)?.id).toBe(lin.session.id);
    expect(sessions.every((session) => session.userAgent !== null && session.ip === '127.0.0.1')).toBe(true);

    await lin.client.revokeSession(laptopLogin.session.id);

    expect(await apiErrorOf(laptop.listSessions())).toMatchObject(UNAUTHENTICATED);
    expect((await lin.client.listSessions()).map((session) => session.id)).toEqual([lin.session.id]);
    // Revoked sessions are gone for good: revoking again finds nothing.
    expect(await apiErrorOf(lin.client.revokeSession(laptopLogin.session.id))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });

  it("refuses another account's session ids with 404, as if they did not exist", async () => {
    const error = await apiErrorOf(grace.client.revokeSession(ada.session.id));
    expect(error).toMatchObject({ status: 404, code: 'NOT_FOUND', message: 'No such session.' });
    expect((await ada.client.listSessions()).map((session) => session.id)).toContain(ada.session.id);
  });

  it('logs out the current session only, and everywhere at once', async () => {
    const alan = await signUp(baseUrl(), 'alan');
    const second = createClient({ baseUrl: baseUrl() });
    const third = createClient({ baseUrl: baseUrl() });
    await second.login(alan.email, alan.password);
    await third.login(alan.email, alan.password);

    await second.logout();
    expect(second.token).toBeUndefined();
    expect(await alan.client.listSessions()).toHaveLength(2);

    const thirdToken = third.token;
    await alan.client.logoutEverywhere();
    expect(await apiErrorOf(createClient({ baseUrl: baseUrl(), token: alan.token }).listSessions())).toMatchObject(UNAUTHENTICATED);
    expect(await apiErrorOf(createClient({ baseUrl: baseUrl(), token: thirdToken }).listSessions())).toMatchObject(UNAUTHENTICATED);
  });
});

describe('password change', () => {
  it('ends every other session; the new password works and the old one no longer does', async () => {
    const barbara = await signUp(baseUrl(), 'barbara');
    const phone = createClient({ baseUrl: baseUrl() });
    await phone.login(barbara.email, barbara.password);
    const newPassword = uniquePassword();

    await barbara.client.changePassword(barbara.password, newPassword);

    expect(await apiErrorOf(phone.listSessions())).toMatchObject(UNAUTHENTICATED);
    expect((await barbara.client.listSessions()).map((session) => session.id)).toEqual([barbara.session.id]);
    const relogin = await createClient({ baseUrl: baseUrl() }).login(barbara.email, newPassword);
    expect(relogin.keys.rootKey).toEqual(barbara.keys.rootKey);
    expect(await apiErrorOf(createClient({ baseUrl: baseUrl() }).login(barbara.email, barbara.password))).toMatchObject(UNAUTHENTICATED);
  });

  it('refuses a wrong current password and changes nothing', async () => {
    expect(await apiErrorOf(grace.client.changePassword(`${grace.password}?`, uniquePassword()))).toMatchObject(UNAUTHENTICATED);
    await expect(createClient({ baseUrl: baseUrl() }).login(grace.email, grace.password)).resolves.toMatchObject({ accountId: grace.accountId });
  });
});

describe('recovery', () => {
  it('resets the password with the recovery key to the same root key, and ends every session', async () => {
    const hedy = await signUp(baseUrl(), 'hedy');
    const newPassword = uniquePassword();
    const client = createClient({ baseUrl: baseUrl() });

    const recovered = await client.recoverAccount(hedy.email, hedy.recoveryKey.toLowerCase().replaceAll('-', ' '), newPassword);

    expect(recovered.accountId).toBe(hedy.accountId);
    expect(recovered.keys.rootKey).toEqual(hedy.keys.rootKey);
    expect(await apiErrorOf(hedy.client.listSessions())).toMatchObject(UNAUTHENTICATED);
    expect(await apiErrorOf(createClient({ baseUrl: baseUrl() }).login(hedy.email, hedy.password))).toMatchObject(UNAUTHENTICATED);
    await expect(createClient({ baseUrl: baseUrl() }).login(hedy.email, newPassword)).resolves.toMatchObject({ accountId: hedy.accountId });
  });

  it('refuses a mistyped recovery key on the client, before sending anything', async () => {
    const typo = `${ada.recoveryKey[0] === 'A' ? 'B' : 'A'}${ada.recoveryKey.slice(1)}`;
    const requests: string[] = [];
    const client = createClient({
      baseUrl: baseUrl(),
      fetch: (input, init) => {
        requests.push(String(input));
        return fetch(input, init);
      },
    });

    const error = await client.recoverAccount(ada.email, typo, uniquePassword()).catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(CryptoError);
    expect(error).toMatchObject({ code: 'INVALID_INPUT', detail: 'recovery key group 1 has a typo' });
    expect(requests).toEqual([]);
  });

  it("refuses another account's recovery key (well-formed, wrong) without changing anything", async () => {
    const error = await createClient({ baseUrl: baseUrl() })
      .recoverAccount(ada.email, grace.recoveryKey, uniquePassword())
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(CryptoError);
    expect(error).toMatchObject({ code: 'DECRYPT_FAILED' });
    expect((await ada.client.listSessions()).map((session) => session.id)).toContain(ada.session.id);
  });
});

describe('account deletion', () => {
  it('needs the password, then deletes the account and its sessions; the email is free again', async () => {
    const ida = await signUp(baseUrl(), 'ida');
    const other = createClient({ baseUrl: baseUrl() });
    await other.login(ida.email, ida.password);

    expect(await apiErrorOf(ida.client.deleteAccount(`${ida.password}x`))).toMatchObject(UNAUTHENTICATED);
    await ida.client.deleteAccount(ida.password);

    expect(ida.client.token).toBeUndefined();
    expect(await apiErrorOf(createClient({ baseUrl: baseUrl(), token: ida.token }).listSessions())).toMatchObject(UNAUTHENTICATED);
    expect(await apiErrorOf(other.listSessions())).toMatchObject(UNAUTHENTICATED);
    expect(await apiErrorOf(createClient({ baseUrl: baseUrl() }).login(ida.email, ida.password))).toMatchObject(UNAUTHENTICATED);
    expect(await database!.prisma.account.count({ where: { id: ida.accountId } })).toBe(0);
    expect(await database!.prisma.session.count({ where: { accountId: ida.accountId } })).toBe(0);

    const reborn = await createClient({ baseUrl: baseUrl() }).signup(ida.email, uniquePassword());
    expect(reborn.accountId).not.toBe(ida.accountId);
  });
});

describe('public key directory', () => {
  it("gives a contact's keys with a fingerprint computed on the client, pinned on first sight", async () => {
    const client = createClient({ baseUrl: baseUrl(), token: ada.token });

    const first = await client.lookupPublicKeys(grace.email);
    const second = await client.lookupPublicKeys(grace.email.toUpperCase());

    expect(first).toMatchObject({ email: grace.email, accountId: grace.accountId, firstSeen: true });
    expect(first.publicKeys).toEqual({ sharing: grace.keys.sharing.publicKey, signing: grace.keys.signing.publicKey });
    expect(first.fingerprint).toMatch(/^(\d{5} ){5}\d{5}$/);
    expect(second).toMatchObject({ firstSeen: false, fingerprint: first.fingerprint });
    const view = await client.routes.lookupKeys(grace.email);
    expect(view.fingerprint).toBe(first.fingerprint);
  });

  it('refuses changed keys with KEY_CHANGED until the person re-verifies them', async () => {
    const pins = createMemoryPinStore();
    const client = createClient({ baseUrl: baseUrl(), token: ada.token, pinStore: pins });
    await client.lookupPublicKeys(grace.email);
    const original = await database!.prisma.account.findUniqueOrThrow({ where: { id: grace.accountId } });
    // What a malicious server would do: hand out someone else's keys (Ada's own) under Grace's email.
    const swapped = await database!.prisma.account.findUniqueOrThrow({ where: { id: ada.accountId } });
    await database!.prisma.account.update({
      where: { id: grace.accountId },
      data: { sharingPublicKey: swapped.sharingPublicKey, signingPublicKey: swapped.signingPublicKey },
    });
    try {
      const error = await client.lookupPublicKeys(grace.email).catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(KeyChangedError);
      const changed = error as KeyChangedError;
      expect(changed).toMatchObject({ code: 'KEY_CHANGED', email: grace.email });
      expect(changed.current?.publicKeys.signing).toEqual(ada.keys.signing.publicKey);
      await expect(client.lookupPublicKeys(grace.email)).rejects.toBeInstanceOf(KeyChangedError);

      await client.confirmPublicKeys(changed.current!);
      await expect(client.lookupPublicKeys(grace.email)).resolves.toMatchObject({ firstSeen: false, accountId: grace.accountId });
    } finally {
      await database!.prisma.account.update({
        where: { id: grace.accountId },
        data: { sharingPublicKey: original.sharingPublicKey, signingPublicKey: original.signingPublicKey },
      });
    }
  });

  it('answers an email without an account with 404, and only to signed-in clients', async () => {
    const client = createClient({ baseUrl: baseUrl(), token: ada.token });
    expect(await apiErrorOf(client.lookupPublicKeys(uniqueEmail('ghost')))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(await apiErrorOf(createClient({ baseUrl: baseUrl() }).routes.lookupKeys(grace.email))).toMatchObject({ status: 401 });
  });
});

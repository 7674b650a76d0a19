// The authentication routes at the HTTP level: exact error bodies, what each failure changes
// (nothing), and the attacks the protocol must turn away: forged and replayed messages, another
// account's ids and proofs, enumeration through registration and login.
import { rewrapRootKey } from '@coffre/crypto/account';
import { finishRegistration, startLogin, startRegistration } from '@coffre/crypto/opaque';
import { openRecoveryWrap } from '@coffre/crypto/recovery';
import { signRecoveryProof } from '@coffre/crypto/recovery-proof';
import { createTestDatabase } from '@coffre/db/testing';
import { type RecoveryFinishRequest, type RecoveryStartResponse } from '@coffre/sdk/api-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, type TestAccount, uniqueEmail, uniquePassword } from './support/accounts.js';
import { expectError } from './support/expect-error.js';
import { startTestApp, type TestApp } from './support/start-test-app.js';

let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
let api: TestApp | undefined;

// Two accounts shared by the tests that leave them as they found them (each signup costs two
// Argon2id runs); the one test that changes an account makes its own.
let account: TestAccount;
let other: TestAccount;

beforeAll(async () => {
  database = await createTestDatabase();
  api = await startTestApp({ DATABASE_URL: database.url });
  [account, other] = await Promise.all([signUp(api.url, 'account'), signUp(api.url, 'other')]);
});

afterAll(async () => {
  await api?.close();
  await database?.drop();
});

function send(method: string, path: string, body?: unknown, token?: string): Promise<Response> {
  if (api === undefined) throw new Error('the API did not start');
  return fetch(`${api.url}${path}`, {
    method,
    headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...(token !== undefined && { authorization: `Bearer ${token}` }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
}
const post = (path: string, body?: unknown, token?: string) => send('POST', path, body, token);

const UNAUTHENTICATED = { code: 'UNAUTHENTICATED', message: 'Authentication failed.' };
const INVALID = { code: 'VALIDATION_FAILED', message: 'The request is invalid.' };

/** Everything the database holds about accounts and sessions, to show a request changed nothing. */
async function snapshot() {
  const prisma = database!.prisma;
  return {
    accounts: await prisma.account.findMany({ orderBy: { id: 'asc' } }),
    sessions: await prisma.session.findMany({ orderBy: { id: 'asc' } }),
  };
}

async function registrationRequest(): Promise<string> {
  return (await startRegistration(uniquePassword())).request;
}

describe('registration', () => {
  it('answers its first step alike for a taken email and a free one', async () => {
    const forTaken = await post('/api/auth/register/start', { email: account.email, registrationRequest: await registrationRequest() });
    const forFree = await post('/api/auth/register/start', { email: uniqueEmail('free'), registrationRequest: await registrationRequest() });

    expect([forTaken.status, forFree.status]).toEqual([200, 200]);
    const [takenBody, freeBody] = (await Promise.all([forTaken.json(), forFree.json()])) as { accountId: string; registrationResponse: string }[];
    expect(Object.keys(takenBody!)).toEqual(['accountId', 'registrationResponse']);
    expect(takenBody!.accountId).not.toBe(account.accountId);
    expect(takenBody!.registrationResponse.length).toBe(freeBody!.registrationResponse.length);
  });

  it('refuses a second step whose first step was for another email, or never happened', async () => {
    const password = uniquePassword();
    const start = await startRegistration(password);
    const started = (await (await post('/api/auth/register/start', { email: uniqueEmail('first'), registrationRequest: start.request })).json()) as {
      accountId: string;
      registrationResponse: string;
    };
    const { record } = await finishRegistration({ password, state: start.state, response: started.registrationResponse });
    const before = await snapshot();

    const finish = { accountId: started.accountId, email: uniqueEmail('second'), registrationRecord: record, keyBundle: await bundleOf(account), recoveryWrap: 'AQET' };
    const expired = { ...INVALID, message: 'This registration expired or does not match its first step; start again.' };

    await expectError(await post('/api/auth/register/finish', finish), 400, expired);
    await expectError(await post('/api/auth/register/finish', { ...finish, accountId: crypto.randomUUID() }), 400, expired);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a key bundle whose public key is of low order, naming the field', async () => {
    const bundle = { ...(await bundleOf(account)), sharingPublicKey: Buffer.alloc(32).toString('base64url') };
    const response = await post('/api/auth/register/finish', {
      accountId: crypto.randomUUID(),
      email: uniqueEmail('lowkey'),
      registrationRecord: 'cmVjb3Jk',
      keyBundle: bundle,
      recoveryWrap: 'AQET',
    });
    await expectError(response, 400, { ...INVALID, issues: [{ path: 'body.keyBundle', message: 'is not a valid account key bundle' }] });
  });
});

/** The stored bundle of an account, as the API hands it out. */
async function bundleOf(account: TestAccount) {
  return (await account.client.routes.getAccount()).keyBundle;
}

describe('malformed requests', () => {
  it.each([
    ['register/start without a request', '/api/auth/register/start', { email: 'not-an-email' }, ['body.email', 'body.registrationRequest']],
    ['register/finish with an extra field', '/api/auth/register/finish', { extra: true }, undefined],
    ['login/start with a bad OPAQUE message', '/api/auth/login/start', { email: 'a@example.org', startLoginRequest: 'not base64url!' }, ['body.startLoginRequest']],
    ['login/finish with a bad login id', '/api/auth/login/finish', { loginId: 'nope', finishLoginRequest: 'AAAA' }, ['body.loginId']],
    ['recovery/finish with a short challenge', '/api/auth/recovery/finish', { challenge: 'abc' }, undefined],
  ])('refuses %s with 400, changing nothing', async (_name, path, body, paths) => {
    const before = await snapshot();
    const response = await post(path, body);
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { code: string; issues: { path: string }[] } };
    expect(error.code).toBe('VALIDATION_FAILED');
    if (paths !== undefined) expect(error.issues.map((issue) => issue.path)).toEqual(paths);
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ['password/start', 'POST', '/api/auth/password/start', { registrationRequest: 42 }],
    ['password/finish', 'POST', '/api/auth/password/finish', { loginId: crypto.randomUUID(), finishLoginRequest: 'AAAA', registrationRecord: 'AAAA', keyBundle: {} }],
    ['account deletion', 'DELETE', '/api/account', {}],
    ['session revocation', 'DELETE', '/api/auth/sessions/not-a-uuid', undefined],
    ['key lookup', 'GET', '/api/keys?email=nobody', undefined],
  ])('refuses a malformed %s with 400 for a signed-in account, changing nothing', async (_name, method, path, body) => {
    const before = await snapshot();
    const response = await send(method, path, body, account.token);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses an OPAQUE message the library rejects, naming the field', async () => {
    const response = await post('/api/auth/login/start', { email: account.email, startLoginRequest: 'AAAA' });
    await expectError(response, 400, { ...INVALID, issues: [{ path: 'body.startLoginRequest', message: 'is not a valid OPAQUE message' }] });
  });
});

describe('login', () => {
  async function loginStart(email: string): Promise<{ loginId: string; loginResponse: string }> {
    const response = await post('/api/auth/login/start', { email, startLoginRequest: (await startLogin(uniquePassword())).request });
    expect(response.status).toBe(200);
    return (await response.json()) as { loginId: string; loginResponse: string };
  }

  it('answers an unknown email with a login response of the same shape as a real one', async () => {
    const [real, unknown] = await Promise.all([loginStart(account.email), loginStart(uniqueEmail('unknown'))]);
    expect(Object.keys(unknown)).toEqual(['loginId', 'loginResponse']);
    expect(unknown.loginResponse).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(unknown.loginResponse.length).toBe(real.loginResponse.length);
  });

  it('refuses a forged KE3, then the same attempt again, with the generic 401', async () => {
    const { loginId } = await loginStart(account.email);
    const forged = { loginId, finishLoginRequest: Buffer.alloc(64, 7).toString('base64url') };

    await expectError(await post('/api/auth/login/finish', forged), 401, UNAUTHENTICATED);
    await expectError(await post('/api/auth/login/finish', forged), 401, UNAUTHENTICATED);
    await expectError(await post('/api/auth/login/finish', { ...forged, loginId: crypto.randomUUID() }), 401, UNAUTHENTICATED);
  });

  it('refuses to reuse the proof of a successful login', async () => {
    const { proof } = await proveLogin(account);
    expect((await post('/api/auth/login/finish', proof)).status).toBe(200);
    await expectError(await post('/api/auth/login/finish', proof), 401, UNAUTHENTICATED);
  });
});

/** A fresh OPAQUE login proof for `account`, not yet handed to any route. */
async function proveLogin(account: TestAccount) {
  const { finishLogin } = await import('@coffre/crypto/opaque');
  const start = await startLogin(account.password);
  const started = (await (await post('/api/auth/login/start', { email: account.email, startLoginRequest: start.request })).json()) as {
    loginId: string;
    loginResponse: string;
  };
  const finished = await finishLogin({ password: account.password, state: start.state, response: started.loginResponse });
  return { proof: { loginId: started.loginId, finishLoginRequest: finished.finishRequest }, exportKey: finished.exportKey };
}

describe('bearer tokens', () => {
  it.each([
    ['no Authorization header', undefined],
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['a token of the wrong shape', 'Bearer short'],
    ['an unknown token', `Bearer ${Buffer.alloc(32, 1).toString('base64url')}`],
  ])('refuses %s with 401 and WWW-Authenticate: Bearer', async (_name, authorization) => {
    const response = await fetch(`${api!.url}/api/auth/sessions`, { headers: authorization === undefined ? {} : { authorization } });
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    await expectError(response, 401, UNAUTHENTICATED);
  });

  it('refuses an expired session the same way', async () => {
    const { proof } = await proveLogin(account);
    const { token, session } = (await (await post('/api/auth/login/finish', proof)).json()) as { token: string; session: { id: string } };
    expect((await send('GET', '/api/auth/sessions', undefined, token)).status).toBe(200);

    await database!.prisma.session.update({ where: { id: session.id }, data: { expiresAt: new Date(Date.now() - 1000) } });

    await expectError(await send('GET', '/api/auth/sessions', undefined, token), 401, UNAUTHENTICATED);
    expect((await account.client.listSessions()).map((listed) => listed.id)).not.toContain(session.id);
  });

  it('stores only the hash of a token, never the token', async () => {
    const stored = await database!.prisma.session.findFirstOrThrow({ where: { id: account.session.id } });
    expect(Buffer.from(stored.tokenHash).toString('hex')).toBe(
      (await import('node:crypto')).createHash('sha256').update(account.token).digest('hex'),
    );
    const dump = JSON.stringify(await snapshot(), (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value));
    expect(dump).not.toContain(account.token);
  });
});

describe('sensitive changes with a proof from another account', () => {
  it('refuses a password change proven with another account’s password, changing nothing', async () => {
    const [victim, attacker] = [account, other];
    const { proof } = await proveLogin(attacker);
    const before = await snapshot();

    const response = await post(
      '/api/auth/password/finish',
      { ...proof, registrationRecord: 'cmVjb3Jk', keyBundle: { ...(await bundleOf(victim)), generation: 2 } },
      victim.token,
    );

    await expectError(response, 401, UNAUTHENTICATED);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses to delete an account with another account’s proof', async () => {
    const [victim, attacker] = [account, other];
    const { proof } = await proveLogin(attacker);
    await expectError(await send('DELETE', '/api/account', proof, victim.token), 401, UNAUTHENTICATED);
    expect(await database!.prisma.account.count({ where: { id: { in: [victim.accountId, attacker.accountId] } } })).toBe(2);
  });
});

describe('recovery', () => {
  /** Runs recovery/start for `account` and builds a finish request, signed by `signer` (the account itself by default). */
  async function prepareRecovery(account: TestAccount, signer: TestAccount = account): Promise<RecoveryFinishRequest> {
    const password = uniquePassword();
    const registration = await startRegistration(password);
    const response = await post('/api/auth/recovery/start', { email: account.email, registrationRequest: registration.request });
    expect(response.status).toBe(200);
    const started = (await response.json()) as RecoveryStartResponse;
    const rootKey = openRecoveryWrap(Buffer.from(started.recoveryWrap, 'base64url'), account.recoveryKey, started.accountId);
    const registered = await finishRegistration({ password, state: registration.state, response: started.registrationResponse });
    const keyBundle = rewrapRootKey(started.keyBundle, { accountId: started.accountId, rootKey, exportKey: registered.exportKey });
    const challenge = Buffer.from(started.challenge, 'base64url');
    const signature = signRecoveryProof(
      { accountId: started.accountId, challenge, registrationRecord: registered.record, rootKeyWrap: keyBundle.rootKeyWrap },
      signer.keys.signing.secretKey,
    );
    return { challenge: started.challenge, signature: Buffer.from(signature).toString('base64url'), registrationRecord: registered.record, keyBundle };
  }

  it('answers an email without an account with 404', async () => {
    const response = await post('/api/auth/recovery/start', { email: uniqueEmail('nobody'), registrationRequest: await registrationRequest() });
    await expectError(response, 404, { code: 'NOT_FOUND', message: 'No account has this email.' });
  });

  it('refuses a proof signed with another key, changing nothing, and burns the challenge', async () => {
    const forged = await prepareRecovery(account, other);
    const before = await snapshot();

    await expectError(await post('/api/auth/recovery/finish', forged), 401, UNAUTHENTICATED);
    expect(await snapshot()).toEqual(before);

    // The genuine signature over the same challenge now comes too late.
    const genuine = signRecoveryProof(
      {
        accountId: account.accountId,
        challenge: Buffer.from(forged.challenge, 'base64url'),
        registrationRecord: forged.registrationRecord,
        rootKeyWrap: forged.keyBundle.rootKeyWrap,
      },
      account.keys.signing.secretKey,
    );
    await expectError(await post('/api/auth/recovery/finish', { ...forged, signature: Buffer.from(genuine).toString('base64url') }), 401, UNAUTHENTICATED);
  });

  it('refuses a proof moved onto other credentials than the ones signed', async () => {
    const request = await prepareRecovery(account);
    const swapped = { ...request, registrationRecord: (await prepareRecovery(account)).registrationRecord };
    await expectError(await post('/api/auth/recovery/finish', swapped), 401, UNAUTHENTICATED);
  });

  it('accepts a genuine proof once, and refuses it replayed', async () => {
    const replayed = await signUp(api!.url, 'replayed');
    const request = await prepareRecovery(replayed);

    expect((await post('/api/auth/recovery/finish', request)).status).toBe(204);
    expect(await replayed.client.routes.listSessions().catch((error: unknown) => error)).toMatchObject({ status: 401 });

    await expectError(await post('/api/auth/recovery/finish', request), 401, UNAUTHENTICATED);
  });
});

describe('OpenAPI', () => {
  it('documents every account route, and which ones need a bearer token', async () => {
    const document = (await (await fetch(`${api!.url}/api/docs/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { security?: unknown[]; requestBody?: unknown; parameters?: { name: string; in: string }[] }>>;
      components: { securitySchemes?: Record<string, unknown> };
    };
    const mine = /^\/api\/(auth|account|keys)(\/|$)/;
    const routes = Object.entries(document.paths)
      .filter(([path]) => mine.test(path))
      .flatMap(([path, item]) =>
        Object.entries(item).map(([method, operation]) => `${method.toUpperCase()} ${path}${operation.security === undefined ? '' : ' (bearer)'}`),
      );
    expect(routes.sort()).toEqual(
      [
        'DELETE /api/account (bearer)',
        'DELETE /api/auth/sessions/{id} (bearer)',
        'GET /api/account (bearer)',
        'GET /api/auth/sessions (bearer)',
        'GET /api/keys (bearer)',
        'POST /api/account/recovery-key/reveal (bearer)',
        'PUT /api/account/recovery-key (bearer)',
        'POST /api/auth/login/finish',
        'POST /api/auth/login/start',
        'POST /api/auth/logout (bearer)',
        'POST /api/auth/logout-all (bearer)',
        'POST /api/auth/password/finish (bearer)',
        'POST /api/auth/password/start (bearer)',
        'POST /api/auth/recovery/finish',
        'POST /api/auth/recovery/start',
        'POST /api/auth/register/finish',
        'POST /api/auth/register/start',
      ].sort(),
    );
    expect(document.components.securitySchemes).toEqual({
      bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'opaque', description: 'The session token from POST /api/auth/login/finish.' },
    });
    expect(document.paths['/api/auth/login/start']?.post?.requestBody).toBeDefined();
    expect(document.paths['/api/keys']?.get?.parameters).toMatchObject([{ name: 'email', in: 'query' }]);
  });
});

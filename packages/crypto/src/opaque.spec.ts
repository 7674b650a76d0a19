// OPAQUE client and server, end to end. Each password stretch costs an Argon2id evaluation
// (64 MiB, about 0.3-0.5 s here), so flows are shared between assertions where possible.
import { beforeAll, describe, expect, it } from 'vitest';
import { hex } from '../test/support/bytes.js';
import { expectCodeAsync } from '../test/support/errors.js';
import { readVectors } from '../test/vectors/vector-files.js';
import { deriveExportWrappingKey } from './account.js';
import { fromBase64url, toBase64url } from './base64url.js';
import { type CryptoErrorCode } from './errors.js';
import { finishLogin, finishRegistration, opaqueReady, startLogin, startRegistration } from './opaque.js';
import {
  createRegistrationResponse,
  createServerSetup,
  finishServerLogin,
  getServerPublicKey,
  startServerLogin,
} from './opaque-server.js';

interface OpaqueVectors {
  valid: {
    name: string;
    serverSetup: string;
    serverPublicKey: string;
    userIdentifier: string;
    password: string;
    registrationRecord: string;
    exportKey: string;
    wrappingKey: string;
  }[];
  invalid: { name: string; userIdentifier: string; password: string; registrationRecord: string; error: CryptoErrorCode }[];
}

const vectors = readVectors<OpaqueVectors>('opaque');
const [stored] = vectors.valid;

/** Everything a server sees or holds during a flow, for the "server learns nothing" check. */
type Transcript = string[];

async function register(serverSetup: string, userIdentifier: string, password: string, transcript: Transcript = []) {
  const start = await startRegistration(password);
  const response = await createRegistrationResponse({ serverSetup, userIdentifier, request: start.request });
  const result = await finishRegistration({ password, state: start.state, response });
  transcript.push(start.request, response, result.record);
  return result;
}

async function login(
  serverSetup: string,
  userIdentifier: string,
  record: string | null,
  password: string,
  transcript: Transcript = [],
) {
  const start = await startLogin(password);
  const server = await startServerLogin({ serverSetup, userIdentifier, record, request: start.request });
  transcript.push(start.request, server.state, server.response);
  const client = await finishLogin({ password, state: start.state, response: server.response });
  transcript.push(client.finishRequest);
  const { sessionKey } = await finishServerLogin({ state: server.state, finishRequest: client.finishRequest });
  return { client, serverSessionKey: sessionKey, serverState: server.state };
}

describe('OPAQUE', () => {
  it('loads its WebAssembly in Node', async () => {
    await expect(opaqueReady).resolves.toBeUndefined();
  });

  it('logs in against the stored vector record with the recorded export key', async () => {
    const { client, serverSessionKey } = await login(stored!.serverSetup, stored!.userIdentifier, stored!.registrationRecord, stored!.password);
    expect(hex(client.exportKey)).toBe(stored!.exportKey);
    expect(hex(deriveExportWrappingKey(client.exportKey))).toBe(stored!.wrappingKey);
    expect(client.serverPublicKey).toBe(stored!.serverPublicKey);
    expect(await getServerPublicKey(stored!.serverSetup)).toBe(stored!.serverPublicKey);
    expect(serverSessionKey).toEqual(client.sessionKey);
    expect(client.sessionKey.length).toBe(64);
  });

  it.each(vectors.invalid)('refuses: $name', async ({ userIdentifier, password, registrationRecord, error }) => {
    await expectCodeAsync(() => login(stored!.serverSetup, userIdentifier, registrationRecord, password), error);
  });

  describe('registration and two logins', () => {
    const userIdentifier = 'acct_round_trip';
    const password = 'pâté and crème brûlée';
    const transcript: Transcript = [];
    let serverSetup: string;
    let registration: Awaited<ReturnType<typeof register>>;
    let first: Awaited<ReturnType<typeof login>>;
    let second: Awaited<ReturnType<typeof login>>;

    beforeAll(async () => {
      serverSetup = await createServerSetup();
      transcript.push(serverSetup);
      registration = await register(serverSetup, userIdentifier, password, transcript);
      first = await login(serverSetup, userIdentifier, registration.record, password, transcript);
      // The same password typed in decomposed form (NFD) is the same password.
      second = await login(serverSetup, userIdentifier, registration.record, password.normalize('NFD'), transcript);
    });

    it('yields the same 64-byte export key at registration and at every login', () => {
      expect(registration.exportKey.length).toBe(64);
      expect(first.client.exportKey).toEqual(registration.exportKey);
      expect(second.client.exportKey).toEqual(registration.exportKey);
      expect(first.client.sessionKey).not.toEqual(second.client.sessionKey);
    });

    it('never shows the server anything the export key, its wrapping key or the password can be read from', () => {
      const secrets = [registration.exportKey, deriveExportWrappingKey(registration.exportKey)];
      const seen = transcript.flatMap((message) => [new TextEncoder().encode(message), fromBase64url(message)]);
      for (const secret of secrets) {
        for (const bytes of seen) {
          expect(Buffer.from(bytes).includes(Buffer.from(secret.subarray(0, 16)))).toBe(false);
          expect(hex(bytes).includes(hex(secret.subarray(0, 16)))).toBe(false);
        }
      }
      for (const message of transcript) {
        expect(message.includes(toBase64url(registration.exportKey).slice(0, 20))).toBe(false);
        expect(message.includes(password)).toBe(false);
      }
    });

    it('gives a server holding every message and its own secrets no way in without the password', async () => {
      // The server's best move is to run the client side itself with a password guess; a wrong
      // guess yields no export key, only the generic failure.
      await expectCodeAsync(() => login(serverSetup, userIdentifier, registration.record, 'pâté and crème brulee'), 'DECRYPT_FAILED');
    });

    it('binds the export key to the registration, not to the password alone', async () => {
      const again = await register(serverSetup, userIdentifier, password);
      expect(again.exportKey).not.toEqual(registration.exportKey);
      expect(again.record).not.toBe(registration.record);
    });

    it('refuses a finish request replayed into another login, or tampered with', async () => {
      const start = await startLogin(password);
      const server = await startServerLogin({ serverSetup, userIdentifier, record: registration.record, request: start.request });
      await expectCodeAsync(() => finishServerLogin({ state: server.state, finishRequest: first.client.finishRequest }), 'DECRYPT_FAILED');
      const tampered = fromBase64url(first.client.finishRequest);
      tampered[0]! ^= 1;
      await expectCodeAsync(() => finishServerLogin({ state: first.serverState, finishRequest: toBase64url(tampered) }), 'DECRYPT_FAILED');
      await expectCodeAsync(() => finishServerLogin({ state: first.serverState, finishRequest: 'AAAA' }), 'DECRYPT_FAILED');
    });

    it('refuses a server whose static key differs from the pinned one', async () => {
      const start = await startLogin(password);
      const server = await startServerLogin({ serverSetup, userIdentifier, record: registration.record, request: start.request });
      await expectCodeAsync(
        () => finishLogin({ password, state: start.state, response: server.response, expectedServerPublicKey: stored!.serverPublicKey }),
        'KEY_CHANGED',
      );
    });
  });

  it('fails an unknown account exactly like a wrong password', async () => {
    await expectCodeAsync(() => login(stored!.serverSetup, 'acct_nobody', null, stored!.password), 'DECRYPT_FAILED');
  });
});

describe('OPAQUE invalid input', () => {
  it.each([[''], [null], [42], ['x'.repeat(4097)]])('refuses password %o', async (password) => {
    await expectCodeAsync(() => startRegistration(password as string), 'INVALID_INPUT');
    await expectCodeAsync(() => startLogin(password as string), 'INVALID_INPUT');
  });

  it('refuses malformed client messages on the server', async () => {
    const serverSetup = stored!.serverSetup;
    await expectCodeAsync(() => createRegistrationResponse({ serverSetup, userIdentifier: 'u', request: 'not-a-request' }), 'INVALID_INPUT');
    await expectCodeAsync(() => createRegistrationResponse({ serverSetup, userIdentifier: '', request: 'AAAA' }), 'INVALID_INPUT');
    await expectCodeAsync(() => startServerLogin({ serverSetup, userIdentifier: 'u', record: null, request: '' }), 'INVALID_INPUT');
    await expectCodeAsync(() => startServerLogin({ serverSetup, userIdentifier: 'u', record: null, request: 'AAAA' }), 'INVALID_INPUT');
    await expectCodeAsync(() => getServerPublicKey('not-a-setup'), 'INVALID_INPUT');
  });

  it('treats a malformed server response as a failed login', async () => {
    const start = await startLogin('password');
    await expectCodeAsync(() => finishLogin({ password: 'password', state: start.state, response: 'AAAA' }), 'DECRYPT_FAILED');
    const registration = await startRegistration('password');
    await expectCodeAsync(() => finishRegistration({ password: 'password', state: registration.state, response: 'AAAA' }), 'DECRYPT_FAILED');
    await expectCodeAsync(() => finishLogin({ password: 'password', state: '', response: 'AAAA' }), 'INVALID_INPUT');
  });
});

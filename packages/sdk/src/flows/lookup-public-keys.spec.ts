import { createAccountKeys } from '@coffre/crypto/account';
import { accountFingerprint } from '@coffre/crypto/fingerprint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/http-server.js';
import { type PublicKeysView } from '../api-types.js';
import { toBase64url } from '../encoding.js';
import { KeyChangedError } from '../errors.js';
import { createHttp } from '../http.js';
import { createMemoryPinStore, type PinStore } from '../pins.js';
import { createRoutes } from '../routes.js';
import { type FlowContext } from '../session.js';
import { confirmPublicKeys, lookupPublicKeys } from './lookup-public-keys.js';

const EMAIL = 'grace@example.org';
const ACCOUNT_ID = '6f1c0a52-3d4e-4b7a-9e21-0c5d8f3a7b90';

let server: TestServer;
let context: FlowContext;

beforeAll(async () => {
  server = await startTestServer();
  context = { routes: createRoutes(createHttp({ baseUrl: server.url, token: () => 'token' })), setToken: () => undefined, serverPublicKey: undefined };
});

afterAll(() => server.close());

/** Makes the directory answer with these keys for every email. */
function serve(x25519: string, ed25519: string): void {
  const view: PublicKeysView = { accountId: ACCOUNT_ID, x25519, ed25519, fingerprint: '00000 00000 00000 00000 00000 00000' };
  server.answer(() => ({ status: 200, body: view }));
}

function serveKeys(keys: ReturnType<typeof createAccountKeys>): void {
  serve(toBase64url(keys.sharing.publicKey), toBase64url(keys.signing.publicKey));
}

describe('lookupPublicKeys', () => {
  const grace = createAccountKeys();
  const impostor = createAccountKeys();
  const graceDigest = accountFingerprint({ sharing: grace.sharing.publicKey, signing: grace.signing.publicKey }).digest;

  it('pins keys on first sight, with a fingerprint computed here rather than the server’s', async () => {
    const pins = createMemoryPinStore();
    serveKeys(grace);

    const contact = await lookupPublicKeys(context, pins, ' Grace@Example.org ');

    expect(contact).toMatchObject({ email: EMAIL, accountId: ACCOUNT_ID, firstSeen: true, digest: graceDigest });
    expect(contact.fingerprint).not.toBe('00000 00000 00000 00000 00000 00000');
    expect(await pins.get(EMAIL)).toEqual(graceDigest);
    expect(server.received.at(-1)!.url).toBe(`/api/keys?email=${encodeURIComponent(EMAIL)}`);
  });

  it('accepts the pinned keys again, and refuses others with KeyChangedError carrying them', async () => {
    const pins = createMemoryPinStore();
    await pins.set(EMAIL, graceDigest);
    serveKeys(grace);
    await expect(lookupPublicKeys(context, pins, EMAIL)).resolves.toMatchObject({ firstSeen: false });

    serveKeys(impostor);
    const error = await lookupPublicKeys(context, pins, EMAIL).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(KeyChangedError);
    expect(error).toMatchObject({ code: 'KEY_CHANGED', email: EMAIL, current: { publicKeys: { signing: impostor.signing.publicKey } } });
    expect(await pins.get(EMAIL)).toEqual(graceDigest);
  });

  it('reports keys that are not even valid, or not base64url, as changed when a pin exists', async () => {
    const pins: PinStore = createMemoryPinStore();
    await pins.set(EMAIL, graceDigest);

    serve(toBase64url(new Uint8Array(32)), toBase64url(grace.signing.publicKey));
    await expect(lookupPublicKeys(context, pins, EMAIL)).rejects.toMatchObject({ code: 'KEY_CHANGED', current: undefined });
    serve('not base64url!', 'x');
    await expect(lookupPublicKeys(context, pins, EMAIL)).rejects.toMatchObject({ code: 'KEY_CHANGED', current: undefined });
  });

  it('refuses invalid keys on first sight, pinning nothing', async () => {
    const pins = createMemoryPinStore();
    serve(toBase64url(new Uint8Array(32)), toBase64url(grace.signing.publicKey));
    await expect(lookupPublicKeys(context, pins, EMAIL)).rejects.toMatchObject({ name: 'CryptoError', code: 'INVALID_INPUT' });
    expect(await pins.get(EMAIL)).toBeUndefined();
  });

  it('accepts new keys once confirmed', async () => {
    const pins = createMemoryPinStore();
    await pins.set(EMAIL, graceDigest);
    serveKeys(impostor);
    const error = (await lookupPublicKeys(context, pins, EMAIL).catch((thrown: unknown) => thrown)) as KeyChangedError;

    await confirmPublicKeys(pins, error.current!);

    await expect(lookupPublicKeys(context, pins, EMAIL)).resolves.toMatchObject({ firstSeen: false });
  });
});

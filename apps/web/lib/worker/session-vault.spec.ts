import { createAccountKeys } from '@coffre/crypto/account';
import { describe, expect, it } from 'vitest';
import { openSession, type SealedSession, sealSession } from './session-seal.ts';
import { createSessionVault, type SessionStore } from './session-vault.ts';
import { decodeStoredSession, encodeStoredSession, type StoredSession, wipeKeys } from './stored-session.ts';

const NOW = Date.parse('2026-11-23T12:00:00Z');

function session(overrides: Partial<StoredSession> = {}): StoredSession {
  return {
    accountId: '0b0e8a33-5b8e-4c57-9d2f-6d0f0b2f8a11',
    email: 'ada@example.org',
    sessionId: '5f1c0a52-3d4e-4b7a-9e21-0c5d8f3a7b90',
    token: 'E8suGkCyEFsVYwyizSupyyTrcBarQ1dmOXEKSIZ8XNU',
    expiresAt: '2026-12-23T12:00:00.000Z',
    keys: createAccountKeys(),
    pendingRecoveryKey: undefined,
    ...overrides,
  };
}

/** The slot as IndexedDB holds it: values are structured-cloned on the way in and out. */
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

const latin1 = (buffer: ArrayBuffer) => Buffer.from(buffer).toString('latin1');

describe('stored session encoding', () => {
  it('round-trips every field, the recovery key included', () => {
    const original = session({ pendingRecoveryKey: '4FT9V-GRWVW-XA1YE-45JGP-XKBNR-1ZQK5-JZZSY-A1MWN' });
    expect(decodeStoredSession(encodeStoredSession(original))).toEqual(original);
    const confirmed = session();
    expect(decodeStoredSession(encodeStoredSession(confirmed)).pendingRecoveryKey).toBeUndefined();
  });

  it.each([
    ['another format version', (data: Record<string, unknown>) => ({ ...data, v: 2 })],
    ['no token', (data: Record<string, unknown>) => ({ ...data, token: '' })],
    ['a short key', (data: Record<string, unknown>) => ({ ...data, rootKey: btoa('short') })],
    ['an expiry that is not a date', (data: Record<string, unknown>) => ({ ...data, expiresAt: 'soon' })],
    ['a recovery key that is not text', (data: Record<string, unknown>) => ({ ...data, pendingRecoveryKey: 42 })],
  ])('refuses %s', (_, change) => {
    const data = JSON.parse(new TextDecoder().decode(encodeStoredSession(session()))) as Record<string, unknown>;
    expect(() => decodeStoredSession(new TextEncoder().encode(JSON.stringify(change(data))))).toThrow(TypeError);
  });

  it('wipes the secret halves of the keys in place', () => {
    const keys = createAccountKeys();
    const publicKey = keys.signing.publicKey.slice();
    wipeKeys(keys);
    for (const secret of [keys.rootKey, keys.sharing.secretKey, keys.signing.secretKey]) expect(secret.every((byte) => byte === 0)).toBe(true);
    expect(keys.signing.publicKey).toEqual(publicKey);
  });
});

describe('sealSession / openSession', () => {
  it('seals under a fresh non-extractable AES-GCM key, with nothing readable in the ciphertext', async () => {
    const original = session({ pendingRecoveryKey: '4FT9V-GRWVW-XA1YE-45JGP-XKBNR-1ZQK5-JZZSY-A1MWN' });
    const sealed = await sealSession(original);
    expect(sealed.key.extractable).toBe(false);
    expect(sealed.key.algorithm).toMatchObject({ name: 'AES-GCM', length: 256 });
    await expect(crypto.subtle.exportKey('raw', sealed.key)).rejects.toThrow();
    const text = latin1(sealed.ciphertext);
    for (const secret of [original.token, original.email, original.pendingRecoveryKey!, btoa(String.fromCharCode(...original.keys.rootKey))]) {
      expect(text).not.toContain(secret);
    }
    expect(await openSession(structuredClone(sealed))).toEqual(original);

    // Each seal has its own key: the first key does not open the second record.
    const again = await sealSession(original);
    await expect(openSession({ ...again, key: sealed.key })).rejects.toThrow();
    expect(again.iv).not.toEqual(sealed.iv);
  });

  it('refuses a flipped bit, another key, another nonce, and records of another shape', async () => {
    const sealed = await sealSession(session());
    const flipped = new Uint8Array(sealed.ciphertext.slice(0));
    flipped[5]! ^= 1;
    await expect(openSession({ ...sealed, ciphertext: flipped.buffer })).rejects.toThrow();
    await expect(openSession({ ...sealed, key: (await sealSession(session())).key })).rejects.toThrow();
    const iv = sealed.iv.slice();
    iv[0]! ^= 1;
    await expect(openSession({ ...sealed, iv })).rejects.toThrow();
    await expect(openSession({ ...sealed, version: 2 })).rejects.toThrow('version 2 is not 1');
    await expect(openSession({ ...sealed, iv: new Uint8Array(16) })).rejects.toThrow('malformed');
    await expect(openSession(null)).rejects.toThrow('no sealed session');
  });

  it('refuses a record whose key is extractable: sealSession never writes one', async () => {
    const sealed = await sealSession(session());
    const extractable = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
    await expect(openSession({ ...sealed, key: extractable })).rejects.toThrow('non-extractable');
  });
});

describe('createSessionVault', () => {
  it('keeps a session across vault instances (page loads), and forgets it on clear', async () => {
    const store = memoryStore();
    const original = session();
    await createSessionVault(store, () => NOW).save(original);
    expect(await createSessionVault(store, () => NOW).load()).toEqual(original);
    await createSessionVault(store, () => NOW).clear();
    expect(store.value).toBeUndefined();
    expect(await createSessionVault(store, () => NOW).load()).toBeUndefined();
  });

  it('deletes a session past its expiry instead of resuming it', async () => {
    const store = memoryStore();
    const vault = createSessionVault(store, () => Date.parse('2026-12-23T12:00:00.000Z'));
    await vault.save(session());
    expect(await vault.load()).toBeUndefined();
    expect(store.value).toBeUndefined();
  });

  it('deletes a record that does not open rather than trusting it', async () => {
    const store = memoryStore();
    const vault = createSessionVault(store, () => NOW);
    await vault.save(session());
    const sealed = store.value as SealedSession;
    new Uint8Array(sealed.ciphertext)[0]! ^= 0x80;
    expect(await vault.load()).toBeUndefined();
    expect(store.value).toBeUndefined();
    store.value = { version: 1, key: 'not a key' };
    expect(await vault.load()).toBeUndefined();
    expect(store.value).toBeUndefined();
  });

  it('replaces the previous session, key and all', async () => {
    const store = memoryStore();
    const vault = createSessionVault(store, () => NOW);
    await vault.save(session({ email: 'first@example.org' }));
    const firstKey = (store.value as SealedSession).key;
    await vault.save(session({ email: 'second@example.org' }));
    await expect(openSession({ ...(store.value as SealedSession), key: firstKey })).rejects.toThrow();
    expect((await vault.load())?.email).toBe('second@example.org');
  });
});

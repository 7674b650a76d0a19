import { createAccountKeys, sealAccountKeyBundle } from '@coffre/crypto/account';
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliError } from '../cli-error.js';
import { createPinFile } from './pin-file.js';
import { deletePrivateFile, readPrivateFile, writePrivateFile } from './private-file.js';
import { forgetSession, loadSession, saveSession, sessionFile } from './session-file.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'coffre-cli-store-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('private files', () => {
  it('are written 0600 in a 0700 directory, whatever the umask', async () => {
    const previous = process.umask(0o000);
    try {
      const file = path.join(dir, 'nested', 'secret.json');
      await writePrivateFile(file, 'hello');
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
      expect(await readPrivateFile(file)).toBe('hello');
    } finally {
      process.umask(previous);
    }
  });

  it('replace the previous content atomically, leaving no temporary file', async () => {
    const file = path.join(dir, 'secret.json');
    await writePrivateFile(file, 'one');
    await writePrivateFile(file, 'two');
    expect(await readPrivateFile(file)).toBe('two');
    expect(await readdir(dir)).toEqual(['secret.json']);
  });

  it('read as undefined when absent', async () => {
    expect(await readPrivateFile(path.join(dir, 'missing'))).toBeUndefined();
  });

  it('are refused when group or others may read them', async () => {
    const file = path.join(dir, 'secret.json');
    await writeFile(file, 'x');
    await chmod(file, 0o640);
    await expect(readPrivateFile(file)).rejects.toThrow(CliError);
  });

  it('are overwritten with zeros before deletion; deleting a missing one is fine', async () => {
    const file = path.join(dir, 'secret.json');
    await writePrivateFile(file, 'top secret');
    await deletePrivateFile(file);
    await expect(stat(file)).rejects.toThrow();
    await deletePrivateFile(file);
  });
});

describe('session file', () => {
  const accountId = '00000000-0000-4000-8000-000000000001';

  it('round-trips, keeping the identity secret keys wrapped and opening them on load', async () => {
    const keys = createAccountKeys();
    const keyBundle = sealAccountKeyBundle(keys, { accountId, exportKey: new Uint8Array(64).fill(7) });
    await saveSession(dir, { server: 'http://api', accountId, email: 'ada@example.org', sessionId: 's', token: 't', rootKey: keys.rootKey, keyBundle });

    const text = await readFile(sessionFile(dir), 'utf8');
    expect(text).not.toContain(Buffer.from(keys.signing.secretKey).toString('base64url'));
    expect(text).not.toContain(Buffer.from(keys.sharing.secretKey).toString('base64url'));
    const loaded = await loadSession(dir);
    expect(loaded?.keys).toEqual(keys);
    expect(loaded).toMatchObject({ server: 'http://api', email: 'ada@example.org', token: 't', sessionId: 's' });

    await forgetSession(dir);
    expect(await loadSession(dir)).toBeUndefined();
  });

  it('refuses a root key that does not open the bundle', async () => {
    const keys = createAccountKeys();
    const keyBundle = sealAccountKeyBundle(keys, { accountId, exportKey: new Uint8Array(64).fill(7) });
    await saveSession(dir, { server: 'http://api', accountId, email: 'a@b.c', sessionId: 's', token: 't', rootKey: createAccountKeys().rootKey, keyBundle });
    await expect(loadSession(dir)).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
  });

  it.each([['not json'], [JSON.stringify({ version: 2 })], [JSON.stringify({ version: 1, server: 'x' })]])('refuses a file that is not a session: %s', async (text) => {
    await writePrivateFile(sessionFile(dir), text);
    await expect(loadSession(dir)).rejects.toMatchObject({ code: 'LOCAL_IO' });
  });
});

describe('pin file', () => {
  it('stores digests by email as hex, readable back', async () => {
    const pins = createPinFile(dir);
    expect(await pins.get('bob@example.org')).toBeUndefined();
    await pins.set('bob@example.org', new Uint8Array(32).fill(0xab));
    await pins.set('eve@example.org', new Uint8Array(32).fill(1));
    expect(await createPinFile(dir).get('bob@example.org')).toEqual(new Uint8Array(32).fill(0xab));
    expect(JSON.parse(await readFile(path.join(dir, 'pins.json'), 'utf8'))).toEqual({ 'bob@example.org': 'ab'.repeat(32), 'eve@example.org': '01'.repeat(32) });
    expect((await stat(path.join(dir, 'pins.json'))).mode & 0o777).toBe(0o600);
  });

  it('refuses a file that is not a pin table', async () => {
    await writePrivateFile(path.join(dir, 'pins.json'), '[1,2]');
    await expect(createPinFile(dir).get('bob@example.org')).rejects.toMatchObject({ code: 'LOCAL_IO' });
  });
});

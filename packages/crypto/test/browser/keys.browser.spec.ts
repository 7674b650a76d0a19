// Everything but the file format inside real Chromium: the committed vectors pass there, the
// OPAQUE and Argon2id WebAssembly modules load, HPKE runs on the browser's WebCrypto, and what the
// browser seals Node opens. The OPAQUE server side runs in Node, as it does in the API.
import { type AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium } from '@coffre/testing/chromium';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccountKeys } from '../../src/account.js';
import { bytesToHex, hexToBytes } from '../../src/bytes.js';
import { openEnvelope } from '../../src/envelope.js';
import { finishServerLogin, startServerLogin } from '../../src/opaque-server.js';
import { openKeyShare } from '../../src/share.js';
import { readVectors } from '../vectors/vector-files.js';
import { type CoffreKeysApi } from './keys.entry.js';

interface Window {
  coffreKeys: CoffreKeysApi;
}
interface OpaqueVector {
  serverSetup: string;
  userIdentifier: string;
  password: string;
  registrationRecord: string;
  exportKey: string;
}

const [stored] = readVectors<{ valid: OpaqueVector[] }>('opaque').valid;

let server: Server;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('./keys.entry.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
  });
  const script = bundle.outputFiles[0]!.contents;
  server = createServer((request, response) => {
    if (request.url === '/bundle.js') {
      response.setHeader('content-type', 'text/javascript');
      return response.end(script);
    }
    response.setHeader('content-type', 'text/html');
    response.end('<!doctype html><title>keys</title><script type="module" src="/bundle.js"></script>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  await page.waitForFunction(() => 'coffreKeys' in globalThis);
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

describe('account keys, envelopes, shares and OPAQUE in Chromium', () => {
  it('passes every committed vector, positive and negative', async () => {
    const { checked, failures } = await page.evaluate(() => (globalThis as unknown as Window).coffreKeys.checkVectors());
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });

  it('seals an envelope and a key share that Node opens', async () => {
    const sender = createAccountKeys();
    const recipient = createAccountKeys();
    const parentKey = bytesToHex(crypto.getRandomValues(new Uint8Array(32)));
    const key = bytesToHex(crypto.getRandomValues(new Uint8Array(32)));
    const binding = { ownerId: 'acct', nodeId: 'node', parentId: 'parent', version: 4 };
    const shareBinding = { purpose: 'node-key' as const, senderId: 'alice', recipientId: 'bob', subjectId: 'node' };
    const sealed = await page.evaluate((input) => (globalThis as unknown as Window).coffreKeys.sealForNode(input), {
      parentKey,
      binding,
      shareBinding,
      key,
      recipientPublicKey: bytesToHex(recipient.sharing.publicKey),
      senderSigningKey: bytesToHex(sender.signing.secretKey),
    });
    expect(new TextDecoder().decode(openEnvelope(hexToBytes(parentKey), 'node-name', binding, hexToBytes(sealed.envelope)))).toBe('from the browser');
    const opened = await openKeyShare({
      binding: shareBinding,
      share: hexToBytes(sealed.share),
      recipientSecretKey: recipient.sharing.secretKey,
      senderSigningPublicKey: sender.signing.publicKey,
    });
    expect(bytesToHex(opened)).toBe(key);
  });

  it('logs in with OPAQUE from the browser against a Node server and gets the recorded export key', async () => {
    const { serverSetup, userIdentifier, registrationRecord, password } = stored!;
    const request = await page.evaluate((p) => (globalThis as unknown as Window).coffreKeys.opaqueStartLogin(p), password);
    const serverLogin = await startServerLogin({ serverSetup, userIdentifier, record: registrationRecord, request });
    const result = await page.evaluate(
      ([p, q, r]) => (globalThis as unknown as Window).coffreKeys.opaqueFinishLogin(p, q, r),
      [password, request, serverLogin.response] as const,
    );
    if (typeof result === 'string') throw new Error(`login failed in the browser: ${result}`);
    expect(result.exportKey).toBe(stored!.exportKey);
    await finishServerLogin({ state: serverLogin.state, finishRequest: result.finishRequest });
  });

  it('fails a browser login with a wrong password with the generic code', async () => {
    const { serverSetup, userIdentifier, registrationRecord } = stored!;
    const request = await page.evaluate(() => (globalThis as unknown as Window).coffreKeys.opaqueStartLogin('not the password'));
    const serverLogin = await startServerLogin({ serverSetup, userIdentifier, record: registrationRecord, request });
    const result = await page.evaluate(
      ([q, r]) => (globalThis as unknown as Window).coffreKeys.opaqueFinishLogin('not the password', q, r),
      [request, serverLogin.response] as const,
    );
    expect(result).toBe('DECRYPT_FAILED');
  });
});

// File format v1 inside real Chromium: the WebCrypto entry point runs the committed vectors,
// decrypts what Node encrypted (and the reverse), refuses tampering, and seeks with HTTP Range.
import { createHash, randomBytes } from 'node:crypto';
import { type AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium } from '@coffre/testing/chromium';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../src/bytes.js';
import { decrypt, encrypt } from '../../src/file/index.node.js';
import { type CoffreFileApi } from './file-format.entry.js';

interface Window {
  coffreFile: CoffreFileApi;
}

const key = randomBytes(32);
const keyHex = bytesToHex(key);
const context = 'owner=a;node=n;version=3';
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let server: Server;
let origin: string;
let browser: Browser;
let page: Page;
const blobs = new Map<string, Buffer>();

beforeAll(async () => {
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('./file-format.entry.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
  });
  const script = bundle.outputFiles[0]!.contents;
  server = createServer(async (request, response) => {
    const url = new URL(request.url!, 'http://localhost');
    if (url.pathname === '/') {
      response.setHeader('content-type', 'text/html');
      return response.end('<!doctype html><title>file format</title><script type="module" src="/bundle.js"></script>');
    }
    if (url.pathname === '/bundle.js') {
      response.setHeader('content-type', 'text/javascript');
      return response.end(script);
    }
    const name = url.pathname.slice('/blob/'.length);
    if (request.method === 'PUT') {
      const parts: Buffer[] = [];
      for await (const part of request) parts.push(part as Buffer);
      blobs.set(name, Buffer.concat(parts));
      return response.end();
    }
    const blob = blobs.get(name);
    if (blob === undefined) return response.writeHead(404).end();
    const range = /^bytes=(\d+)-(\d+)$/.exec(request.headers.range ?? '');
    if (range === null) return response.end(blob);
    const [from, to] = [Number(range[1]), Number(range[2])];
    response.writeHead(206, { 'content-range': `bytes ${from}-${to}/${blob.length}` });
    response.end(blob.subarray(from, to + 1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(origin);
  await page.waitForFunction(() => 'coffreFile' in globalThis);
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

describe('file format v1 in Chromium (WebCrypto)', () => {
  it('passes every committed vector, positive and negative', async () => {
    expect(await page.evaluate(() => (globalThis as unknown as Window).coffreFile.checkVectors())).toEqual([]);
  });

  it('decrypts, as a stream, what Node encrypted', async () => {
    const plaintext = randomBytes(3 * 1024 * 1024 + 123);
    blobs.set('from-node', Buffer.from(await encrypt(plaintext, { key, context: new TextEncoder().encode(context) })));
    const digest = await page.evaluate(([u, k, c]) => (globalThis as unknown as Window).coffreFile.decryptUrl(u, k, c), [`${origin}/blob/from-node`, keyHex, context] as const);
    expect(digest).toBe(sha256(plaintext));
  });

  it('refuses a ciphertext with one flipped bit', async () => {
    const ciphertext = Buffer.from(await encrypt(randomBytes(300_000), { key, context: new TextEncoder().encode(context) }));
    ciphertext[200_000]! ^= 0x10;
    blobs.set('tampered', ciphertext);
    const code = await page.evaluate(([u, k, c]) => (globalThis as unknown as Window).coffreFile.decryptUrlError(u, k, c), [`${origin}/blob/tampered`, keyHex, context] as const);
    expect(code).toBe('DECRYPT_FAILED');
  });

  it('encrypts in the browser what Node decrypts', async () => {
    const length = 2 * 1024 * 1024 + 7;
    const digest = await page.evaluate(([u, k, c, n]) => (globalThis as unknown as Window).coffreFile.encryptAndUpload(u, k, c, n), [`${origin}/blob/from-browser`, keyHex, context, length] as const);
    const plaintext = await decrypt(blobs.get('from-browser')!, { key, context: new TextEncoder().encode(context) });
    expect(plaintext.length).toBe(length);
    expect(sha256(plaintext)).toBe(digest);
  });

  it('decrypts a byte range with HTTP Range requests, fetching only its chunks', async () => {
    const plaintext = randomBytes(2_000_000);
    blobs.set('seekable', Buffer.from(await encrypt(plaintext, { key, context: new TextEncoder().encode(context), chunkSize: 65536 })));
    const [start, end] = [1_000_000, 1_000_500];
    const result = await page.evaluate(([u, k, c, s, e]) => (globalThis as unknown as Window).coffreFile.decryptRange(u, k, c, s, e), [`${origin}/blob/seekable`, keyHex, context, start, end] as const);
    expect(result.sha256).toBe(sha256(plaintext.subarray(start, end)));
    expect(result.fetched).toBe(80 + (65536 + 16)); // the header and the one 64 KiB chunk holding the range
  });
});

// The drive in real Chromium, as the web drive runs it: the SDK bundled for the browser, served
// from a web origin, calling the API across origins, encrypting with WebCrypto. Files uploaded in
// the page download in Node and the other way round: the ciphertexts are the same format.
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createTestDatabase } from '@coffre/db/testing';
import { bytesSource } from '@coffre/sdk/drive';
import { build, type Plugin } from 'esbuild';
import { type Browser } from 'playwright-core';
import { launchChromium } from '@coffre/testing/chromium';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type CoffreDrivePage } from './browser/drive.entry.js';
import { uniqueEmail, uniquePassword } from './support/accounts.js';
import { driveFor, patternBytes, readStream } from './support/drive-session.js';
import { startTestApp, type TestApp } from './support/start-test-app.js';

const PACKAGES = fileURLToPath(new URL('../../../packages/', import.meta.url));

/** Bundles the workspace packages from their sources (a subpath is a file or a folder's index). */
const workspaceSources: Plugin = {
  name: 'coffre-workspace-sources',
  setup(context) {
    context.onResolve({ filter: /^@coffre\/(crypto|sdk)\/[a-z-]+$/ }, ({ path }) => {
      const [, pkg, subpath] = path.split('/');
      const file = `${PACKAGES}${pkg}/src/${subpath}.ts`;
      return { path: existsSync(file) ? file : `${PACKAGES}${pkg}/src/${subpath}/index.ts` };
    });
  },
};

let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
let api: TestApp | undefined;
let site: Server | undefined;
let browser: Browser | undefined;
let origin: string;

beforeAll(async () => {
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('./browser/drive.entry.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    plugins: [workspaceSources],
  });
  const script = bundle.outputFiles[0]!.contents;
  site = createServer((request, response) => {
    if (request.url === '/bundle.js') return response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>drive</title><script type="module" src="/bundle.js"></script>');
  });
  await new Promise<void>((resolve) => site!.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  database = await createTestDatabase();
  api = await startTestApp({ DATABASE_URL: database.url, COFFRE_WEB_ORIGINS: origin });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (site === undefined ? resolve(undefined) : site.close(resolve)));
  await api?.close();
  await database?.drop();
});

async function page() {
  const tab = await browser!.newPage();
  const problems: string[] = [];
  tab.on('pageerror', (error) => problems.push(error.message));
  await tab.goto(origin);
  await tab.waitForFunction(() => 'coffreDrive' in globalThis);
  return { tab, problems };
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

it('uploads a Blob from the page in parts and downloads it whole, as a range and through a link; Node reads it too', async () => {
  const { tab, problems } = await page();
  const [email, password] = [uniqueEmail('browser-drive'), uniquePassword()];
  const size = 2 * 1024 * 1024 + 777;
  const result = await tab.evaluate(
    ([baseUrl, address, secret, length]) => (globalThis as unknown as { coffreDrive: CoffreDrivePage }).coffreDrive.roundTrip(baseUrl as string, address as string, secret as string, length as number, 42),
    [api!.url, email, password, size] as const,
  );
  const expected = sha256(patternBytes(size, 42));
  expect(result).toEqual({ uploaded: expected, downloaded: expected, range: true, viaLink: expected, mediaType: 'application/pdf', lastProgress: size });
  expect(problems).toEqual([]);

  const client = (await import('@coffre/sdk/client')).createClient({ baseUrl: api!.url });
  const session = await client.login(email, password);
  const { drive } = driveFor(api!.url, { client, email, password, ...session } as never);
  const file = await drive.resolve('/from-the-browser/page.pdf');
  expect(sha256(await readStream((await drive.download(file)).stream))).toBe(expected);

  // And the other way: Node encrypts, the page decrypts.
  const bytes = patternBytes(1_500_000, 43);
  await drive.upload(bytesSource(bytes), { parent: await drive.mkdirs('/from-node'), name: 'data.bin', partSize: 1024 * 1024 });
  const fromNode = await tab.evaluate(
    ([baseUrl, address, secret]) => (globalThis as unknown as { coffreDrive: CoffreDrivePage }).coffreDrive.downloadFromNode(baseUrl as string, address as string, secret as string),
    [api!.url, email, password] as const,
  );
  expect(fromNode).toBe(sha256(bytes));
}, 120_000);

// The SDK in real Chromium, as the web apps run it: bundled for the browser, served from a web
// origin, calling the API across origins (CORS), with OPAQUE's WebAssembly running in the page.
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createTestDatabase } from '@coffre/db/testing';
import { build, type Plugin } from 'esbuild';
import { type Browser } from 'playwright-core';
import { launchChromium } from '@coffre/testing/chromium';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type CoffreSdkPage } from './browser/sdk.entry.js';
import { uniqueEmail, uniquePassword } from './support/accounts.js';
import { startTestApp, type TestApp } from './support/start-test-app.js';

const PACKAGES = fileURLToPath(new URL('../../../packages/', import.meta.url));

/** Bundles the workspace packages from their sources, as the tests see them: no build needed. */
const workspaceSources: Plugin = {
  name: 'coffre-workspace-sources',
  setup(context) {
    context.onResolve({ filter: /^@coffre\/(crypto|sdk)\/[a-z-]+$/ }, ({ path }) => {
      const [, pkg, subpath] = path.split('/');
      return { path: `${PACKAGES}${pkg}/src/${subpath}.ts` };
    });
  },
};

let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
let api: TestApp | undefined;
let site: Server | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('./browser/sdk.entry.ts', import.meta.url))],
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
    response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>sdk</title><script type="module" src="/bundle.js"></script>');
  });
  await new Promise<void>((resolve) => site!.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
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

it('signs up and logs in from a web page on another origin, to the same root key', async () => {
  const page = await browser!.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(`http://127.0.0.1:${(site!.address() as AddressInfo).port}`);
  await page.waitForFunction(() => 'coffreSdk' in globalThis);

  const result = await page.evaluate(
    ([baseUrl, email, password]) => (globalThis as unknown as { coffreSdk: CoffreSdkPage }).coffreSdk.signupAndLogin(baseUrl!, email!, password!),
    [api!.url, uniqueEmail('browser'), uniquePassword()],
  );

  expect(result.loggedInRootKey).toMatch(/^[0-9a-f]{64}$/);
  expect(result.loggedInRootKey).toBe(result.signedUpRootKey);
  expect(result.wrong).toBe('401 UNAUTHENTICATED');
  expect(await database!.prisma.account.count({ where: { id: result.accountId } })).toBe(1);
  expect(problems).toEqual([]);
});

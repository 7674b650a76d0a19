// The public link page in real Chromium: files and links made through the SDK (as another person's
// client would), opened at /s/<id>#<key> in fresh browser profiles with no account. The key stays
// in the fragment, the password is checked in the page's worker, and downloads are streamed to
// disk by the Service Worker, decrypting on the fly.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createPublicLinkHttpApi, openLink } from '@coffre/sdk/drive';
import { launchChromium } from '@coffre/testing/chromium';
import { type Browser, type BrowserContext, type Download, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findAccessibilityViolations } from '../src/axe.ts';
import { type PageWatch, watchPage } from '../src/page-watch.ts';
import { SCREENSHOT_DIR } from '../src/paths.ts';
import { type SdkDrive, signUpThroughSdk, TEST_LINK_PASSWORD_COST, uploadBytes } from '../src/sdk-drive.ts';
import { startWebStack, type WebStack } from '../src/web-stack.ts';

const SLOW = { timeout: 30_000 };

let stack: WebStack;
let browser: Browser;
let ada: SdkDrive;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  stack = await startWebStack();
  browser = await launchChromium();
  ada = await signUpThroughSdk(stack.api.url, 'ada');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});

/** A fresh browser profile, as someone who was sent the link and has no account. */
async function freshBrowser(): Promise<{ page: Page; watch: PageWatch }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  contexts.push(context);
  const page = await context.newPage();
  return { page, watch: await watchPage(page) };
}

/** Saves a screenshot and checks the screen with axe. */
async function checkScreen(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `web-${name}.png`), fullPage: true });
  expect(await findAccessibilityViolations(page), `accessibility of ${name}`).toEqual([]);
}

function expectCleanRun(watch: PageWatch): void {
  expect(watch.pageErrors).toEqual([]);
  expect(watch.offsiteRequests).toEqual([]);
  expect(watch.consoleErrors).toEqual([]);
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function savedBytes(download: Download): Promise<Buffer> {
  const file = await download.path();
  return readFileSync(file);
}

describe('a file shared by link with a password', () => {
  // Several chunks and more than one ranged request's worth of ciphertext, not a multiple of the chunk size.
  const content = new Uint8Array(randomBytes(5 * 1024 * 1024 + 12_345));
  const password = 'harbour lantern 42';
  let url: string;

  beforeAll(async () => {
    const node = await uploadBytes(ada, 'quarterly report.bin', content);
    ({ url } = await ada.drive.createLink(node, { base: stack.web.url, password, passwordCost: TEST_LINK_PASSWORD_COST, maxDownloads: 3 }));
  }, 60_000);

  it('refuses a wrong password, then downloads identical bytes with the right one', async () => {
    const { page, watch } = await freshBrowser();
    const secret = url.slice(url.indexOf('#') + 1);
    const sent: string[] = [];
    page.context().on('request', (request) => sent.push(`${request.url()} ${request.postData() ?? ''}`));
    await page.goto(url);
    await page.getByRole('heading', { level: 1, name: 'This link is protected by a password' }).waitFor(SLOW);
    await checkScreen(page, 'link-password');

    await page.getByLabel('Password', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Open' }).click();
    const refusal = page.locator('.coffre-alert--error');
    await refusal.waitFor(SLOW);
    expect(await refusal.textContent()).toContain('Wrong password. Check it and try again.');
    await checkScreen(page, 'link-wrong-password');

    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Open' }).click();
    await page.getByRole('heading', { level: 1, name: 'quarterly report.bin' }).waitFor(SLOW);
    await checkScreen(page, 'link-file');

    const [download] = await Promise.all([page.waitForEvent('download', SLOW), page.getByRole('button', { name: 'Download', exact: true }).click()]);
    expect(download.suggestedFilename()).toBe('quarterly report.bin');
    expect(await download.failure()).toBeNull();
    const saved = await savedBytes(download);
    expect(saved.length).toBe(content.length);
    expect(sha256(saved)).toBe(sha256(content));

    // Neither the key nor the password left the browser, in any request's URL or body.
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.filter((request) => request.includes(secret) || request.includes(password))).toEqual([]);
    expectCleanRun(watch);
  }, 120_000);

  it('serves the Service Worker script with a policy of its own', async () => {
    const response = await fetch(`${stack.web.url}/coffre-sw.js`, { headers: { 'sec-fetch-dest': 'serviceworker' } });
    expect(response.status).toBe(200);
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toBe(`default-src 'none'; script-src 'self'; connect-src ${new URL(stack.api.url).origin}`);
  });
});

describe('a folder shared by link', () => {
  const first = new Uint8Array(randomBytes(700_000));
  const second = new Uint8Array(randomBytes(123_456));
  let url: string;

  beforeAll(async () => {
    const folder = await ada.drive.mkdirs('/holiday photos');
    const inner = await ada.drive.mkdir(folder, 'day two');
    await uploadBytes(ada, 'beach.raw', first, { parent: folder });
    await uploadBytes(ada, 'notes.txt', second, { parent: inner });
    ({ url } = await ada.drive.createLink(folder, { base: stack.web.url }));
  }, 60_000);

  it('lists the folder and downloads it as one zip stream', async () => {
    const { page, watch } = await freshBrowser();
    await page.goto(url);
    await page.getByRole('heading', { level: 1, name: 'holiday photos' }).waitFor(SLOW);
    await page.getByRole('button', { name: 'beach.raw', exact: true }).waitFor(SLOW);
    await checkScreen(page, 'link-folder');

    const [download] = await Promise.all([page.waitForEvent('download', SLOW), page.getByRole('button', { name: 'Download all (zip)' }).click()]);
    expect(download.suggestedFilename()).toBe('holiday photos.zip');
    const zip = await savedBytes(download);
    // Stored entries: each file's bytes appear whole, after its name.
    expect(zip.subarray(0, 4).toString('hex')).toBe('504b0304');
    const firstAt = zip.indexOf(Buffer.from(first));
    const secondAt = zip.indexOf(Buffer.from(second));
    expect(firstAt).toBeGreaterThan(0);
    expect(secondAt).toBeGreaterThan(0);
    expect(zip.includes(Buffer.from('day two/notes.txt'))).toBe(true);
    expectCleanRun(watch);
  }, 120_000);
});

describe('links that no longer work', () => {
  it('shows a clear page for an exhausted link', async () => {
    const node = await uploadBytes(ada, 'once.txt', new TextEncoder().encode('only once'));
    const { url } = await ada.drive.createLink(node, { base: stack.web.url, maxDownloads: 1 });
    // Someone else opened it first.
    await openLink(createPublicLinkHttpApi({ baseUrl: stack.api.url }), url);

    const { page, watch } = await freshBrowser();
    await page.goto(url);
    await page.getByRole('heading', { level: 1, name: 'This link has been used up' }).waitFor(SLOW);
    await checkScreen(page, 'link-exhausted');
    expect(watch.pageErrors).toEqual([]);
  }, 60_000);

  it('shows a clear page for an expired link', async () => {
    const node = await uploadBytes(ada, 'soon.txt', new TextEncoder().encode('gone soon'));
    const { url } = await ada.drive.createLink(node, { base: stack.web.url, expiresAt: new Date(Date.now() + 2_000) });
    await new Promise((resolve) => setTimeout(resolve, 2_500));

    const { page } = await freshBrowser();
    await page.goto(url);
    await page.getByRole('heading', { level: 1, name: 'This link has expired' }).waitFor(SLOW);
    await checkScreen(page, 'link-expired');
  }, 60_000);

  it('shows a clear page for a revoked link, and for a link with its key cut off', async () => {
    const node = await uploadBytes(ada, 'revoked.txt', new TextEncoder().encode('revoked'));
    const { url, link } = await ada.drive.createLink(node, { base: stack.web.url });
    await ada.drive.revokeLink(link.id);

    const { page } = await freshBrowser();
    await page.goto(url);
    await page.getByRole('heading', { level: 1, name: 'This link was turned off' }).waitFor(SLOW);

    await page.goto(url.slice(0, url.indexOf('#') + 10));
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'This link is incomplete' }).waitFor(SLOW);
  }, 60_000);
});

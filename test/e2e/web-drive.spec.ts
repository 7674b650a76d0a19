// The web drive's file browser and uploads in real Chromium: the built web app against the built
// API on a fresh Postgres database, all on loopback; encryption runs in the app's worker, as shipped.
// Downloads go through the page's in-memory download (the worker decrypts the file whole) until
// the Service Worker's streaming downloads replace it; the bytes are compared all the same.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '@coffre/testing/chromium';
import { findAccessibilityViolations } from '../src/axe.ts';
import { downloadFile, nodeRow, openFolder, signUp, strongPassword, uniqueEmail, uploadFiles, uploadFolder, waitForUploads } from '../src/drive-pages.ts';
import { type PageWatch, watchPage } from '../src/page-watch.ts';
import { SCREENSHOT_DIR } from '../src/paths.ts';
import { startWebStack, type WebStack } from '../src/web-stack.ts';

const SLOW = { timeout: 30_000 };

let stack: WebStack;
let browser: Browser;
let scratch: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  scratch = mkdtempSync(path.join(tmpdir(), 'coffre-web-drive-'));
  stack = await startWebStack();
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
});

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});

/** Every request body the page and its worker sent to the API, to search for plaintext. */
interface SentBodies {
  bodies: Buffer[];
}

async function openBrowser(): Promise<{ page: Page; watch: PageWatch; sent: SentBodies }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  contexts.push(context);
  const page = await context.newPage();
  const sent: SentBodies = { bodies: [] };
  page.on('request', (request) => {
    if (!request.url().startsWith(stack.api.url)) return;
    const body = request.postDataBuffer();
    if (body !== null) sent.bodies.push(body);
  });
  return { page, watch: await watchPage(page), sent };
}

async function checkScreen(page: Page, name: string): Promise<void> {
  await page.waitForFunction(() => document.title.trim() !== '', undefined, { timeout: 10_000 });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `web-${name}.png`), fullPage: true });
  expect(await findAccessibilityViolations(page), `accessibility of ${name}`).toEqual([]);
}

function expectCleanRun(watch: PageWatch): void {
  expect(watch.consoleErrors).toEqual([]);
  expect(watch.pageErrors).toEqual([]);
  expect(watch.offsiteRequests).toEqual([]);
}

function writeScratch(relative: string, bytes: Buffer): string {
  const file = path.join(scratch, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, bytes);
  return file;
}

describe('web drive file browser', () => {
  it('uploads a file and a folder, keeps them across a reload, and downloads the same bytes; the server sees neither names nor content', async () => {
    const { page, watch, sent } = await openBrowser();
    await signUp(page, stack.web.url, uniqueEmail('drive'), strongPassword());
    await page.getByRole('heading', { name: 'Your drive is empty' }).waitFor(SLOW);
    await checkScreen(page, 'drive-empty');

    const report = randomBytes(300_000);
    const photo = randomBytes(120_000);
    const note = Buffer.from('a note inside a nested folder, with a distinctive sentence: marmalade-otter-7\n');
    const reportPath = writeScratch('upload/quarterly-report.bin', report);
    const album = path.join(scratch, 'album-source', 'holiday-album');
    writeScratch('album-source/holiday-album/beach-photo.bin', photo);
    writeScratch('album-source/holiday-album/notes/itinerary.txt', note);

    await uploadFiles(page, [reportPath]);
    await uploadFolder(page, album);
    await waitForUploads(page);
    await checkScreen(page, 'drive-uploads');
    await expect.poll(() => page.locator('.coffre-usage__text').textContent(), SLOW).not.toMatch(/^0 bytes/);

    // After a reload the worker restores the session and decrypts the listing again.
    await page.reload();
    await nodeRow(page, 'quarterly-report.bin').waitFor(SLOW);
    await nodeRow(page, 'holiday-album').waitFor();
    expect(Buffer.compare(await downloadFile(page, 'quarterly-report.bin'), report)).toBe(0);

    await openFolder(page, 'holiday-album');
    await page.getByRole('navigation', { name: 'Folder path' }).getByRole('link', { name: 'My drive' }).waitFor();
    expect(Buffer.compare(await downloadFile(page, 'beach-photo.bin'), photo)).toBe(0);
    await openFolder(page, 'notes');
    expect(Buffer.compare(await downloadFile(page, 'itinerary.txt'), note)).toBe(0);
    await checkScreen(page, 'drive-folder');

    // Nothing the browser sent carried a name or a byte of content in the clear. (The worker's
    // requests are seen too: the ciphertext of both files went by.)
    const everything = Buffer.concat(sent.bodies);
    expect(everything.length).toBeGreaterThan(report.length + photo.length);
    for (const secret of ['quarterly-report', 'holiday-album', 'beach-photo', 'itinerary', 'marmalade-otter-7']) {
      expect(everything.includes(Buffer.from(secret)), secret).toBe(false);
    }
    for (const content of [report, photo]) expect(everything.includes(content.subarray(1000, 1064))).toBe(false);
    expectCleanRun(watch);
  }, 240_000);

  it('renames, moves (dialog), keeps versions, trashes and restores, sorts and multi-selects', async () => {
    const { page, watch } = await openBrowser();
    await signUp(page, stack.web.url, uniqueEmail('organise'), strongPassword());
    const first = writeScratch('organise/draft.txt', Buffer.from('first draft\n'));
    const other = writeScratch('organise/zebra.txt', Buffer.from('a much longer file than the draft, to sort by size\n'));
    await uploadFiles(page, [first, other]);
    await waitForUploads(page);
    await nodeRow(page, 'draft.txt').waitFor(SLOW);

    // A second upload of the same name becomes a new version.
    const second = writeScratch('organise/v2/draft.txt', Buffer.from('second draft, longer\n'));
    await uploadFiles(page, [second]);
    await expect.poll(() => page.locator('.coffre-transfer[data-status="done"]').count(), SLOW).toBe(3);
    await page.getByRole('button', { name: 'Versions of draft.txt' }).click();
    const versions = page.getByRole('dialog', { name: 'Versions of “draft.txt”' });
    await expect.poll(() => versions.locator('tbody tr').count(), SLOW).toBe(2);
    await checkScreen(page, 'drive-versions');
    await versions.getByRole('button', { name: 'Restore version 1' }).click();
    await expect.poll(() => versions.locator('tbody tr').count(), SLOW).toBe(3);
    await versions.getByRole('button', { name: 'Close' }).click();
    expect((await downloadFile(page, 'draft.txt')).toString()).toBe('first draft\n');

    // Sorting by size puts the longer file last, then first.
    await page.getByRole('button', { name: 'Size' }).click();
    await expect.poll(() => page.locator('.coffre-files tbody tr td:nth-child(2)').allTextContents()).toEqual(['draft.txt', 'zebra.txt'].map((name) => expect.stringContaining(name)));
    await page.getByRole('button', { name: 'Size' }).click();
    await expect.poll(() => page.locator('.coffre-files tbody tr td:nth-child(2)').allTextContents()).toEqual(['zebra.txt', 'draft.txt'].map((name) => expect.stringContaining(name)));

    await page.getByRole('button', { name: 'Rename draft.txt' }).click();
    await page.getByRole('dialog').getByLabel('New name').fill('final.txt');
    await checkScreen(page, 'drive-rename');
    await page.getByRole('dialog').getByRole('button', { name: 'Rename' }).click();
    await nodeRow(page, 'final.txt').waitFor(SLOW);

    // Sharing opens from the list (its own spec, web-sharing, covers what it does).
    await page.getByRole('button', { name: 'Share final.txt' }).click();
    await page.getByRole('dialog', { name: 'Share “final.txt”' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'New folder' }).click();
    await page.getByRole('dialog').getByLabel('Folder name').fill('Archive');
    await page.getByRole('dialog').getByRole('button', { name: 'Create folder' }).click();
    await nodeRow(page, 'Archive').waitFor(SLOW);

    // Multi-select both files, move them with the dialog into Archive.
    await page.getByLabel('Select final.txt').check();
    await page.getByLabel('Select zebra.txt').check();
    await page.getByRole('group', { name: 'Selected items' }).getByRole('button', { name: 'Move…' }).click();
    const move = page.getByRole('dialog', { name: 'Move 2 items' });
    await move.getByRole('button', { name: 'Open folder Archive' }).click();
    await move.getByText('My drive / Archive').waitFor(SLOW);
    await checkScreen(page, 'drive-move');
    await move.getByRole('button', { name: 'Move here' }).click();
    await expect.poll(() => page.locator('.coffre-files tbody tr').count(), SLOW).toBe(1);

    await openFolder(page, 'Archive');
    await nodeRow(page, 'zebra.txt').waitFor(SLOW);
    await page.getByRole('button', { name: 'Move zebra.txt to the trash' }).click();
    await expect.poll(() => page.locator('.coffre-files tbody tr').count(), SLOW).toBe(1);

    await page.getByRole('link', { name: 'Trash' }).click();
    await page.getByRole('heading', { level: 1, name: 'Trash' }).waitFor();
    await page.getByRole('button', { name: 'Restore zebra.txt' }).waitFor(SLOW);
    await checkScreen(page, 'drive-trash');
    await page.getByRole('button', { name: 'Restore zebra.txt' }).click();
    await page.getByRole('heading', { name: 'The trash is empty' }).waitFor(SLOW);
    await checkScreen(page, 'drive-trash-empty');

    await page.getByRole('link', { name: 'My drive' }).click();
    await openFolder(page, 'Archive');
    await nodeRow(page, 'zebra.txt').waitFor(SLOW);
    expectCleanRun(watch);
  }, 240_000);

  it('resumes an upload a reload interrupted, sending only the parts the server does not hold', async () => {
    const { page, watch } = await openBrowser();
    await signUp(page, stack.web.url, uniqueEmail('resume'), strongPassword());
    // Two parts of 8 MiB: the first goes through, the second is held until the page reloads.
    const big = randomBytes(9 * 1024 * 1024);
    const bigPath = writeScratch('resume/big-video.bin', big);
    const partsSent: string[] = [];
    page.on('request', (request) => {
      const part = /\/parts\/(\d+)$/.exec(request.url());
      if (part !== null && request.method() === 'PUT') partsSent.push(part[1]!);
    });
    // Part 1 is held until the page has reloaded, then failed: it never reaches the server.
    let reloaded: () => void = () => undefined;
    const afterReload = new Promise<void>((resolve) => (reloaded = resolve));
    await page.route(/\/api\/uploads\/[^/]+\/parts\/1$/, async (route) => {
      await afterReload;
      await route.abort('connectionreset').catch(() => undefined);
    });
    const firstPart = page.waitForResponse((response) => /\/parts\/0$/.test(response.url()) && response.request().method() === 'PUT' && response.ok(), SLOW);
    await uploadFiles(page, [bigPath]);
    await firstPart;
    await page.locator('.coffre-transfer').getByText(/Uploading · 8 MB of 9 MB/).waitFor(SLOW);

    await page.reload();
    reloaded();
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    const interrupted = page.locator('.coffre-uploads');
    await interrupted.getByRole('heading', { name: 'Interrupted uploads' }).waitFor(SLOW);
    await interrupted.getByText('Interrupted · 8 MB of 9 MB').waitFor();
    await checkScreen(page, 'drive-interrupted');

    partsSent.length = 0;
    await uploadFiles(page, [bigPath]);
    await waitForUploads(page);
    await page.locator('.coffre-transfer').getByText(/Uploaded \(resumed\)/).waitFor();
    expect(partsSent).toEqual(['1']);
    await nodeRow(page, 'big-video.bin').waitFor(SLOW);
    expect(Buffer.compare(await downloadFile(page, 'big-video.bin'), big)).toBe(0);
    expect(await interrupted.getByRole('heading', { name: 'Interrupted uploads' }).count()).toBe(0);
    expectCleanRun(watch);
  }, 240_000);
});

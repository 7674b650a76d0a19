// Sharing in the web drive, in real Chromium: the built web app against the built API on a fresh
// Postgres database, all on loopback. Two accounts in two browser profiles; the owner's folder is
// made through the SDK (the same code the app's worker runs), the rest through the pages.
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '@coffre/sdk/client';
import { type Drive, bytesSource, createDrive, createDriveHttpApi } from '@coffre/sdk/drive';
import { launchChromium } from '@coffre/testing/chromium';
import { findAccessibilityViolations } from '../src/axe.ts';
import { signUp, strongPassword, uniqueEmail } from '../src/drive-pages.ts';
import { type PageWatch, watchPage } from '../src/page-watch.ts';
import { SCREENSHOT_DIR } from '../src/paths.ts';
import { startWebStack, type WebStack } from '../src/web-stack.ts';

/** Polls wait this long: OPAQUE with Argon2id takes seconds on a busy two-core machine. */
const SLOW = { timeout: 20_000 };

let stack: WebStack;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  stack = await startWebStack();
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});

/** A fresh browser profile (its own IndexedDB, so its own key pins) with its page watched. */
async function openBrowser(): Promise<{ page: Page; watch: PageWatch }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.web.url });
  const page = await context.newPage();
  return { page, watch: await watchPage(page) };
}

async function checkScreen(page: Page, name: string): Promise<void> {
  // Not 'networkidle': the signed-in frame keeps background requests going (uploads, the service
  // worker); the callers wait for the content they check instead.
  await page.waitForLoadState('load');
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `web-${name}.png`), fullPage: true });
  expect(await findAccessibilityViolations(page), `accessibility of ${name}`).toEqual([]);
}

function expectCleanRun(watch: PageWatch): void {
  expect(watch.consoleErrors).toEqual([]);
  expect(watch.pageErrors).toEqual([]);
  expect(watch.offsiteRequests).toEqual([]);
}

/** Runs `run` on the account's drive through the SDK (the same code the web worker runs). */
async function withDrive<T>(email: string, password: string, run: (drive: Drive) => Promise<T>): Promise<T> {
  const client = createClient({ baseUrl: stack.api.url });
  const session = await client.login(email, password);
  try {
    return await run(createDrive({ api: createDriveHttpApi({ baseUrl: stack.api.url, token: () => client.token }), session, lookupPublicKeys: client.lookupPublicKeys }));
  } finally {
    await client.logout();
  }
}

/** Makes a folder in the account's drive, with `files` (name → text) and empty `subfolders` in it. */
async function makeFolder(email: string, password: string, name: string, files: Record<string, string> = {}, subfolders: string[] = []): Promise<string> {
  return withDrive(email, password, async (drive) => {
    const folder = await drive.mkdirs(`/${name}`);
    for (const [fileName, text] of Object.entries(files)) await drive.upload(bytesSource(new TextEncoder().encode(text)), { parent: folder, name: fileName });
    for (const subfolder of subfolders) await drive.mkdir(folder, subfolder);
    return folder.id;
  });
}

/** The fingerprint of `email`'s keys as an independent client computes it from the directory. */
async function fingerprintOf(email: string, asEmail: string, asPassword: string): Promise<string> {
  const client = createClient({ baseUrl: stack.api.url });
  await client.login(asEmail, asPassword);
  const contact = await client.lookupPublicKeys(email);
  await client.logout();
  return contact.fingerprint;
}

function dialog(page: Page) {
  return page.getByRole('dialog');
}

function row(page: Page, table: string, text: string) {
  return page.getByRole('table', { name: table }).getByRole('row').filter({ hasText: text });
}

describe('web drive sharing', () => {
  it('shares a folder with a second account, which accepts it and loses it when the owner revokes', async () => {
    const ada = { email: uniqueEmail('ada'), password: strongPassword() };
    const grace = { email: uniqueEmail('grace'), password: strongPassword() };
    const owner = await openBrowser();
    const recipient = await openBrowser();
    await signUp(owner.page, stack.web.url, ada.email, ada.password);
    await signUp(recipient.page, stack.web.url, grace.email, grace.password);
    const folderId = await makeFolder(ada.email, ada.password, 'Project files', { 'brief.txt': 'The brief, shared read-only.' }, ['Drafts']);

    // The owner opens the share dialog for the folder.
    await owner.page.goto(`${stack.web.url}/shared?share=${folderId}`);
    await expect.poll(() => dialog(owner.page).getByRole('heading', { level: 2 }).textContent(), SLOW).toBe('Share “Project files”');

    // A link: one download, a password; its key is only in the fragment.
    await dialog(owner.page).getByLabel('Download limit (optional)').fill('1');
    await dialog(owner.page).getByLabel('Password (optional)').fill('correct horse battery');
    await dialog(owner.page).getByRole('button', { name: 'Create link' }).click();
    const linkField = dialog(owner.page).getByLabel('Link to share');
    await linkField.waitFor(SLOW);
    const url = await linkField.inputValue();
    expect(url).toMatch(new RegExp(`^${stack.web.url}/s/[A-Za-z0-9_-]+#[A-Za-z0-9_-]+$`));
    await dialog(owner.page).getByRole('button', { name: 'Copy link' }).click();
    await expect.poll(() => owner.page.evaluate(() => navigator.clipboard.readText()), SLOW).toBe(url);

    // People: the recipient's fingerprint is shown before anything is shared, and it is the one
    // an independent client computes from the directory.
    await dialog(owner.page).getByLabel('Their email address').fill(grace.email);
    await dialog(owner.page).getByRole('button', { name: 'Check recipient' }).click();
    const shown = dialog(owner.page).locator('[data-fingerprint]');
    await shown.waitFor(SLOW);
    expect(await shown.textContent()).toBe(await fingerprintOf(grace.email, ada.email, ada.password));
    await expect.poll(() => dialog(owner.page).textContent()).toContain(`First share with ${grace.email}`);
    await checkScreen(owner.page, 'share-dialog');
    await dialog(owner.page).getByRole('button', { name: `Share with ${grace.email}` }).click();
    await expect.poll(() => dialog(owner.page).textContent(), SLOW).toContain('Folder shared');
    await dialog(owner.page).getByRole('button', { name: 'Close' }).click();

    await expect.poll(() => row(owner.page, 'Folders I shared', grace.email).textContent(), SLOW).toContain('Waiting for them to accept');
    await expect.poll(() => row(owner.page, 'My links', 'Project files').getAttribute('data-state'), SLOW).toBe('active');
    expect(await row(owner.page, 'My links', 'Project files').textContent()).toContain('0 of 1');

    // The recipient's drive points to the offer waiting on /shared.
    await recipient.page.reload();
    const waiting = recipient.page.getByRole('region', { name: 'Shared with you' });
    await expect.poll(() => waiting.textContent(), SLOW).toContain('A folder shared with you is waiting for your answer.');
    expect(await waiting.getByRole('table').count()).toBe(0);
    await waiting.getByRole('link', { name: 'Review invitations' }).click();
    await recipient.page.waitForURL('**/shared');

    // The recipient sees the offer, accepts it, and the folder is theirs to open.
    const offered = row(recipient.page, 'Folders shared with me', ada.email);
    await expect.poll(() => offered.getAttribute('data-state'), SLOW).toBe('offered');
    await recipient.page.getByRole('button', { name: `Accept the folder from ${ada.email}` }).click();
    await expect.poll(() => offered.getAttribute('data-state'), SLOW).toBe('accepted');
    expect(await offered.textContent()).toContain('Project files');
    await checkScreen(recipient.page, 'shared-with-me');

    // The accepted folder is in the recipient's drive, with its owner and access, and opens like
    // any folder: breadcrumbs start at the shared folder, and a read-only share offers no changes.
    await recipient.page.goto(`${stack.web.url}/drive`);
    const sharedRow = row(recipient.page, 'Folders shared with you', 'Project files');
    await expect.poll(() => sharedRow.count(), SLOW).toBe(1);
    expect(await sharedRow.textContent()).toContain(ada.email);
    expect(await sharedRow.textContent()).toContain('Can view');
    expect(await recipient.page.getByText('waiting for your answer').count()).toBe(0);
    await checkScreen(recipient.page, 'drive-shared-with-you');
    await sharedRow.getByRole('link', { name: 'Project files' }).click();
    await recipient.page.waitForURL(`**/drive?folder=${folderId}`);
    await recipient.page.getByRole('heading', { level: 1, name: 'Project files' }).waitFor(SLOW);
    const fileRow = recipient.page.getByRole('row').filter({ hasText: 'brief.txt' });
    await fileRow.waitFor(SLOW);
    expect(await fileRow.textContent()).toContain('28 bytes');
    const crumbs = recipient.page.getByRole('navigation', { name: 'Folder path' }).getByRole('listitem');
    expect(await crumbs.allTextContents()).toEqual(['Project files']);
    expect(await recipient.page.locator('[data-shared-by]').getAttribute('data-shared-by')).toBe(ada.email);
    expect(await fileRow.getByRole('button', { name: 'Download brief.txt' }).count()).toBe(1);
    for (const action of ['Upload files', 'Upload a folder', 'New folder', 'Share brief.txt', 'Rename brief.txt', 'Move brief.txt', 'Move brief.txt to the trash', 'Share Drafts', 'Rename Drafts']) {
      expect(await recipient.page.getByRole('button', { name: action, exact: true }).count(), action).toBe(0);
    }
    expect(await recipient.page.getByRole('checkbox').count()).toBe(0);
    await recipient.page.getByRole('row').filter({ hasText: 'Drafts' }).getByRole('link', { name: 'Drafts' }).click();
    await recipient.page.getByRole('heading', { level: 1, name: 'Drafts' }).waitFor(SLOW);
    await expect.poll(() => crumbs.allTextContents(), SLOW).toEqual(['Project files', 'Drafts']);
    await expect.poll(() => recipient.page.getByText('Its owner has not put anything in it yet.').count(), SLOW).toBe(1);
    await crumbs.getByRole('link', { name: 'Project files' }).click();
    await recipient.page.getByRole('heading', { level: 1, name: 'Project files' }).waitFor(SLOW);
    await recipient.page.getByRole('row').filter({ hasText: 'brief.txt' }).waitFor(SLOW);

    // The owner revokes; the recipient's list no longer has it.
    await owner.page.reload();
    await expect.poll(() => row(owner.page, 'Folders I shared', grace.email).textContent(), SLOW).toContain('Accepted');
    await checkScreen(owner.page, 'shared-by-me');
    await owner.page.getByRole('button', { name: `Revoke ${grace.email}’s access to Project files` }).click();
    await expect.poll(() => owner.page.getByText('You have not shared a folder with anyone.').count(), SLOW).toBe(1);

    await recipient.page.goto(`${stack.web.url}/shared`);
    await expect.poll(() => recipient.page.getByText('Nobody has shared a folder with you yet.').count(), SLOW).toBe(1);
    expect(await recipient.page.getByRole('table', { name: 'Folders shared with me' }).count()).toBe(0);

    // And it is gone from their drive after a reload. A second folder, offered and not accepted,
    // shows that the drive did list what is shared with them (its notice) and found no folder.
    await withDrive(ada.email, ada.password, async (drive) => drive.share(await drive.mkdirs('/Archive'), grace.email, 'read'));
    await recipient.page.goto(`${stack.web.url}/drive`);
    await recipient.page.reload();
    await expect.poll(() => recipient.page.getByRole('region', { name: 'Shared with you' }).textContent(), SLOW).toContain('A folder shared with you is waiting');
    expect(await recipient.page.getByRole('table', { name: 'Folders shared with you' }).count()).toBe(0);
    expect(await recipient.page.getByRole('link', { name: 'Project files' }).count()).toBe(0);

    // Revoking the link.
    await owner.page.getByRole('button', { name: /^Revoke the link to Project files/ }).click();
    await expect.poll(() => row(owner.page, 'My links', 'Project files').getAttribute('data-state'), SLOW).toBe('revoked');

    expectCleanRun(owner.watch);
    expectCleanRun(recipient.watch);
  }, 240_000);

  it('refuses to share with a contact whose keys changed until the person re-verifies them', async () => {
    const ada = { email: uniqueEmail('ada'), password: strongPassword() };
    const grace = { email: uniqueEmail('grace'), password: strongPassword() };
    const owner = await openBrowser();
    await signUp(owner.page, stack.web.url, ada.email, ada.password);
    const graceClient = createClient({ baseUrl: stack.api.url });
    await graceClient.signup(grace.email, grace.password);
    const folderId = await makeFolder(ada.email, ada.password, 'Taxes');

    const check = async () => {
      await owner.page.goto(`${stack.web.url}/shared?share=${folderId}`);
      await dialog(owner.page).getByLabel('Their email address').waitFor(SLOW);
      await dialog(owner.page).getByLabel('Their email address').fill(grace.email);
      await dialog(owner.page).getByRole('button', { name: 'Check recipient' }).click();
      await dialog(owner.page).locator('[data-fingerprint]').waitFor(SLOW);
      return (await dialog(owner.page).locator('[data-fingerprint]').textContent()) ?? '';
    };
    const first = await check(); // pinned in this browser now

    // The server now presents other keys for the same email (as a compromised server would).
    const newKey = generateKeyPairSync('x25519').publicKey.export({ format: 'jwk' }).x!;
    await stack.database.prisma.account.update({ where: { email: grace.email }, data: { sharingPublicKey: newKey } });

    const second = await check();
    expect(second).not.toBe(first);
    await expect.poll(() => dialog(owner.page).textContent(), SLOW).toContain(`The keys of ${grace.email} have changed`);
    expect(await dialog(owner.page).getByRole('button', { name: `Share with ${grace.email}` }).count()).toBe(0);
    await checkScreen(owner.page, 'share-key-changed');

    // Trusting needs the explicit confirmation.
    await dialog(owner.page).getByRole('button', { name: 'Trust the new keys' }).click();
    await expect.poll(() => dialog(owner.page).textContent(), SLOW).toContain('Confirm that you compared the new fingerprint');
    expect(await dialog(owner.page).getByRole('button', { name: `Share with ${grace.email}` }).count()).toBe(0);
    await dialog(owner.page).getByLabel('I compared these digits with them and they match.').check();
    await dialog(owner.page).getByRole('button', { name: 'Trust the new keys' }).click();
    await expect.poll(() => dialog(owner.page).textContent(), SLOW).toContain(`${grace.email}, verified before`);
    expect(await dialog(owner.page).locator('[data-fingerprint]').textContent()).toBe(second);
    await dialog(owner.page).getByRole('button', { name: `Share with ${grace.email}` }).waitFor(SLOW);

    // A reload keeps the new pin (IndexedDB), so the next check is quiet.
    expect(await check()).toBe(second);
    await expect.poll(() => dialog(owner.page).textContent(), SLOW).toContain(`${grace.email}, verified before`);
    expectCleanRun(owner.watch);
  }, 240_000);
});

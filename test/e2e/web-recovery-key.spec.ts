// The recovery key seen again and replaced in the web drive's settings, in real Chromium against
// the built API on a fresh database: the password gates it, the key shown is the sign-up's, a new
// key replaces it, and an account without a stored copy is told how to get one.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '@coffre/testing/chromium';
import { findAccessibilityViolations } from '../src/axe.ts';
import { RECOVERY_KEY_PATTERN, signUp, strongPassword, uniqueEmail } from '../src/drive-pages.ts';
import { type PageWatch, watchPage } from '../src/page-watch.ts';
import { SCREENSHOT_DIR } from '../src/paths.ts';
import { startWebStack, type WebStack } from '../src/web-stack.ts';

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

async function openBrowser(): Promise<{ page: Page; watch: PageWatch }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  return { page, watch: await watchPage(page) };
}

async function checkScreen(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('load');
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `web-${name}.png`), fullPage: true });
  expect(await findAccessibilityViolations(page), `accessibility of ${name}`).toEqual([]);
}

function errorAlert(page: Page) {
  return page.locator('.coffre-alert--error');
}

async function reveal(page: Page, password: string): Promise<void> {
  const form = page.getByRole('form', { name: 'Show your recovery key' });
  await form.getByLabel('Password').fill(password);
  await form.getByRole('button', { name: 'Show recovery key' }).click();
}

describe('recovery key in settings', () => {
  it('shows the sign-up key after the password, and replaces it with a new one', async () => {
    const email = uniqueEmail('keeper');
    const password = strongPassword();
    const { page, watch } = await openBrowser();
    const signupKey = await signUp(page, stack.web.url, email, password);

    await page.getByRole('link', { name: 'Recovery key' }).click();
    await page.waitForURL('**/settings/recovery-key');
    await page.getByRole('heading', { level: 1, name: 'Recovery key' }).waitFor(SLOW);
    await checkScreen(page, 'settings-recovery-key');

    await reveal(page, `${password}!`);
    await expect.poll(() => errorAlert(page).textContent(), SLOW).toContain('The password is not correct.');
    expect(await page.locator('#recovery-key').count()).toBe(0);

    await reveal(page, password);
    await expect.poll(() => page.locator('#recovery-key').textContent(), SLOW).toBe(signupKey);
    await checkScreen(page, 'settings-recovery-key-shown');

    // A new key needs the acknowledgement, then replaces the old one.
    const renew = page.getByRole('form', { name: 'Generate a new recovery key' });
    await renew.getByLabel('Password').fill(password);
    await renew.getByRole('button', { name: 'Generate a new recovery key' }).click();
    await expect.poll(() => errorAlert(page).textContent(), SLOW).toContain('Confirm that you understand');
    await renew.getByLabel('Password').fill(password);
    await renew.getByLabel('I understand that my current recovery key will stop working.').check();
    await renew.getByRole('button', { name: 'Generate a new recovery key' }).click();
    await expect.poll(() => page.getByText('Your old recovery key no longer works').count(), SLOW).toBe(1);
    const newKey = (await page.locator('#recovery-key').textContent())?.trim() ?? '';
    expect(newKey).toMatch(RECOVERY_KEY_PATTERN);
    expect(newKey).not.toBe(signupKey);

    await page.getByRole('button', { name: 'Hide' }).click();
    await reveal(page, password);
    await expect.poll(() => page.locator('#recovery-key').textContent(), SLOW).toBe(newKey);

    expect(watch.consoleErrors).toEqual([]);
    expect(watch.pageErrors).toEqual([]);
    expect(watch.offsiteRequests).toEqual([]);
  }, 240_000);

  it('tells an account without a stored copy to generate a new key', async () => {
    const email = uniqueEmail('legacy');
    const password = strongPassword();
    const { page } = await openBrowser();
    await signUp(page, stack.web.url, email, password);
    // As accounts created before the escrow existed.
    await stack.database.prisma.account.update({ where: { email }, data: { recoveryEscrow: null } });

    await page.goto(`${stack.web.url}/settings/recovery-key`);
    await reveal(page, password);
    await expect.poll(() => page.getByText('No stored copy').count(), SLOW).toBe(1);
    expect(await errorAlert(page).count()).toBe(0);
    await checkScreen(page, 'settings-recovery-key-missing');
  }, 240_000);
});

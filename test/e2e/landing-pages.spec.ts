import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findAccessibilityViolations } from '../src/axe.ts';
import { launchChromium } from '@coffre/testing/chromium';
import { type PageWatch, watchPage } from '../src/page-watch.ts';
import { appDir, SCREENSHOT_DIR } from '../src/paths.ts';
import { type RunningApp, serveNextApp } from '../src/serve.ts';

interface LandingPage {
  readonly app: 'web' | 'megabox';
  readonly title: RegExp;
  readonly h1: string;
  readonly h2: readonly string[];
}

const LANDING_PAGES: readonly LandingPage[] = [
  {
    app: 'web',
    title: /^Coffre/,
    h1: 'Your files, readable by you alone.',
    h2: ['How it works', 'Who it is for', 'What our servers can and cannot see', 'Get started'],
  },
  {
    app: 'megabox',
    title: /^MegaBox/,
    h1: 'Music that pays the people who made it.',
    h2: ['For artists', 'For listeners', 'What MegaBox can and cannot see', 'The store opens soon'],
  },
];

/** Header names are compared lower-case: that is how both Fetch and Playwright report them. */
const EXPECTED_HEADERS: Record<string, string | RegExp> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'permissions-policy': /camera=\(\)/,
  'content-security-policy': /frame-ancestors 'none'/,
};

function nonceOf(policy: string | null): string {
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(policy ?? '')?.[1];
  if (nonce === undefined) throw new Error(`no nonce in Content-Security-Policy: ${policy}`);
  return nonce;
}

let browser: Browser;

beforeAll(async () => {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe.each(LANDING_PAGES)('$app landing page', (landing) => {
  let server: RunningApp;
  let context: BrowserContext;
  let page: Page;
  let watch: PageWatch;

  beforeAll(async () => {
    server = await serveNextApp(appDir(landing.app));
  });

  afterAll(async () => {
    await server?.stop();
  });

  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    watch = await watchPage(page);
  });

  afterEach(async () => {
    await context.close();
  });

  async function open(pathname = '/') {
    const response = await page.goto(`${server.url}${pathname}`, { waitUntil: 'load' });
    if (response === null) throw new Error(`no response for ${pathname}`);
    // Hydration runs after load; give its scripts the chance to fail or to reach out.
    await page.waitForLoadState('networkidle');
    return response;
  }

  it('renders its headings, hydrates without errors and reaches nothing off this machine', async () => {
    const response = await open();
    expect(response.status()).toBe(200);
    expect(await page.title()).toMatch(landing.title);
    expect(await page.locator('h1').allTextContents()).toEqual([landing.h1]);
    expect(await page.locator('h2').allTextContents()).toEqual(landing.h2);
    // React attaches this to the root only once it has hydrated, i.e. once the nonce'd scripts ran.
    await page.waitForFunction(() => Object.keys(document.documentElement).some((key) => key.startsWith('__react')));
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${landing.app}-landing.png`), fullPage: true });

    expect(watch.consoleErrors).toEqual([]);
    expect(watch.pageErrors).toEqual([]);
    expect(watch.offsiteRequests).toEqual([]);
  });

  it('sends the security headers, with a fresh CSP nonce on every script of every response', async () => {
    const response = await open();
    const headers = response.headers();
    for (const [name, expected] of Object.entries(EXPECTED_HEADERS)) {
      expect(headers[name], name).toMatch(expected);
    }
    const nonce = nonceOf(headers['content-security-policy'] ?? null);
    const scriptNonces = await page.locator('script').evaluateAll((scripts) =>
      scripts.map((script) => (script as HTMLScriptElement).nonce),
    );
    expect(scriptNonces.length).toBeGreaterThan(0);
    expect(new Set(scriptNonces)).toEqual(new Set([nonce]));

    const again = await fetch(server.url);
    await again.body?.cancel();
    expect(nonceOf(again.headers.get('content-security-policy'))).not.toBe(nonce);
  });

  it('refuses a script injected into the page', async () => {
    await page.route(server.url + '/', async (route) => {
      const original = await route.fetch();
      const injected = (await original.text()).replace('<head>', '<head><script>window.injected = true</script>');
      await route.fulfill({ response: original, body: injected });
    });
    await open();
    expect(await page.evaluate(() => 'injected' in window)).toBe(false);
    expect(watch.consoleErrors.join('\n')).toMatch(/Content Security Policy/);
  });

  it('refuses its own code if it was altered on the way (Subresource Integrity)', async () => {
    await open();
    const pinned = await page
      .locator('script[src][integrity]')
      .evaluateAll((scripts) => scripts.map((script) => (script as HTMLScriptElement).src));
    expect(pinned.length).toBeGreaterThan(0);

    const altered = pinned[0] ?? '';
    await page.route(altered, async (route) => {
      const original = await route.fetch();
      await route.fulfill({ response: original, body: `${await original.text()}\n;window.altered = true;` });
    });
    watch.consoleErrors.length = 0;
    await open();
    expect(await page.evaluate(() => 'altered' in window)).toBe(false);
    expect(watch.consoleErrors.join('\n')).toMatch(/integrity/);
  });

  it('links only to places that exist on the same site', async () => {
    await open();
    const hrefs = await page.locator('a[href]').evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).href));
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of new Set(hrefs)) {
      const target = new URL(href);
      expect(target.origin, href).toBe(server.url);
      const response = await fetch(target);
      expect(response.status, href).toBe(200);
      const html = await response.text();
      if (target.hash !== '') {
        expect(html, href).toContain(`id="${target.hash.slice(1)}"`);
      }
    }
  });

  it('has no serious or critical accessibility violations', async () => {
    await open();
    expect(await findAccessibilityViolations(page)).toEqual([]);
  });

  it('lets keyboard users skip straight to the content', async () => {
    await open();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
  });

  it('answers an unknown address with a 404 page under the same policy', async () => {
    const response = await open('/no-such-page');
    expect(response.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Nothing here');
    expect(nonceOf(response.headers()['content-security-policy'] ?? null)).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    // The browser reports the 404 of the document itself; nothing else may fail.
    expect(watch.consoleErrors.filter((text) => !text.includes('404'))).toEqual([]);
    expect(watch.pageErrors).toEqual([]);
  });
});

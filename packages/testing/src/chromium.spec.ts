import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, ChromiumMissingError, chromiumPath, launchChromium } from './chromium.ts';

describe('chromiumPath', () => {
  it("prefers CHROMIUM_PATH and falls back to Debian's Chromium", () => {
    expect(chromiumPath({ CHROMIUM_PATH: '/opt/chromium/chrome' })).toBe('/opt/chromium/chrome');
    expect(chromiumPath({})).toBe('/usr/bin/chromium');
    expect(chromiumPath({ CHROMIUM_PATH: '' })).toBe('/usr/bin/chromium');
  });
});

describe('launchChromium', () => {
  it('says how to install Chromium when it is missing', async () => {
    const launching = launchChromium('/nonexistent/chromium');
    await expect(launching).rejects.toBeInstanceOf(ChromiumMissingError);
    await expect(launching).rejects.toThrow(/not installed at \/nonexistent\/chromium.*apt-get install -y chromium/);
  });

  it('refuses a file that is not executable', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'coffre-chromium-'));
    try {
      const notABrowser = path.join(dir, 'chromium');
      writeFileSync(notABrowser, 'not a browser', { mode: 0o644 });
      await expect(launchChromium(notABrowser)).rejects.toBeInstanceOf(ChromiumMissingError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('launches a headless browser with the quiet flags', async () => {
    expect(CHROMIUM_ARGS).toContain('--disable-background-networking');
    const browser = await launchChromium();
    try {
      expect(browser.isConnected()).toBe(true);
      const page = await browser.newPage();
      expect(await page.evaluate(() => navigator.userAgent)).toMatch(/HeadlessChrome/);
    } finally {
      await browser.close();
    }
  });
});

import { type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAccessibilityViolations } from './axe.ts';
import { launchChromium } from '@coffre/testing/chromium';
import { isLoopbackUrl, watchPage } from './page-watch.ts';

describe('isLoopbackUrl', () => {
  it.each([
    ['http://127.0.0.1:3000/', true],
    ['http://127.45.6.7/', true],
    ['http://localhost:8080/x', true],
    ['http://[::1]:3000/', true],
    ['data:image/png;base64,AAAA', true],
    ['https://example.invalid/', false],
    ['http://10.0.0.1/', false],
    ['http://127.0.0.1.nip.example/', false],
    ['http://localhost.example/', false],
    ['http://[::2]/', false],
  ])('%s → %s', (url, expected) => {
    expect(isLoopbackUrl(url)).toBe(expected);
  });
});

describe('in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('records and blocks off-machine requests, console errors and uncaught exceptions', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const watch = await watchPage(page);
      // `.invalid` never resolves, and the request is aborted before any lookup anyway.
      await page.setContent(
        `<img src="https://tracker.invalid/pixel.png" alt="">
         <script>console.error('boom'); setTimeout(() => { throw new Error('uncaught'); });</script>`,
      );
      await page.waitForTimeout(200);
      expect(watch.offsiteRequests).toEqual(['https://tracker.invalid/pixel.png']);
      expect(watch.consoleErrors).toContain('boom');
      expect(watch.pageErrors).toEqual(['uncaught']);
    } finally {
      await context.close();
    }
  });

  it("records its workers' console errors too, once", async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const watch = await watchPage(page);
      await page.setContent('<p>host</p>');
      await page.evaluate(() => {
        const source = "console.error('worker boom'); console.log('fine'); postMessage('done');";
        const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
        return new Promise((resolve) => worker.addEventListener('message', resolve));
      });
      await expect.poll(() => watch.consoleErrors).toEqual(['worker boom']);
      await page.waitForTimeout(100);
      expect(watch.consoleErrors).toEqual(['worker boom']);
    } finally {
      await context.close();
    }
  });

  it('finds serious accessibility violations', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.setContent(
        `<html><head><title>Fixture</title></head><body><main><h1>Title</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
         <p style="color:#777;background:#888">faint</p><button></button></main></body></html>`,
      );
      const rules = (await findAccessibilityViolations(page)).map((violation) => violation.rule).sort();
      expect(rules).toEqual(['button-name', 'color-contrast', 'html-has-lang', 'image-alt']);
      // A second run reuses the axe already in the page.
      expect(await findAccessibilityViolations(page, ['critical'])).toHaveLength(2);
    } finally {
      await context.close();
    }
  });
});

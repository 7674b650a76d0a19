// Previews in real Chromium: an audio file made through the SDK, opened through its link, plays in
// an <audio> element whose requests the Service Worker answers with decrypted chunks, Range
// requests included, so seeking is the browser's own.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { launchChromium } from '@coffre/testing/chromium';
import { type Browser, type BrowserContext, type Page, type Response } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findAccessibilityViolations } from '../src/axe.ts';
import { watchPage } from '../src/page-watch.ts';
import { SCREENSHOT_DIR } from '../src/paths.ts';
import { type SdkDrive, signUpThroughSdk, uploadBytes } from '../src/sdk-drive.ts';
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

/**
 * A WAV file (PCM, 16-bit mono) of `seconds` of a 440 Hz tone: Chromium decodes it without any
 * codec, and at 22.05 kHz 30 s is 1.3 MB, several of the format's 256 KiB chunks.
 */
function toneWav(seconds: number, sampleRate = 22_050): Uint8Array {
  const samples = seconds * sampleRate;
  const bytes = new Uint8Array(44 + samples * 2);
  const view = new DataView(bytes.buffer);
  const ascii = (offset: number, text: string) => [...text].forEach((char, index) => view.setUint8(offset + index, char.charCodeAt(0)));
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + samples * 2, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, samples * 2, true);
  for (let i = 0; i < samples; i++) view.setInt16(44 + i * 2, Math.round(Math.sin((2 * Math.PI * 440 * i) / sampleRate) * 8000), true);
  return bytes;
}

async function openPage(): Promise<{ page: Page; swResponses: Response[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  const swResponses: Response[] = [];
  page.on('response', (response) => {
    if (response.url().includes('/_coffre/download/')) swResponses.push(response);
  });
  return { page, swResponses };
}

describe('audio preview', () => {
  let url: string;

  beforeAll(async () => {
    const node = await uploadBytes(ada, 'tone.wav', toneWav(30), { mediaType: 'audio/wav' });
    ({ url } = await ada.drive.createLink(node, { base: stack.web.url }));
  }, 60_000);

  it('plays, seeks, and keeps playing after the seek', async () => {
    const { page, swResponses } = await openPage();
    const watch = await watchPage(page);
    await page.goto(url);
    await page.getByRole('heading', { level: 1, name: 'tone.wav' }).waitFor(SLOW);
    const audio = page.locator('audio');
    await audio.waitFor(SLOW);
    // The metadata came through the Service Worker: the duration is the file's (30 s).
    await page.waitForFunction(() => (document.querySelector('audio')?.readyState ?? 0) >= 1, undefined, SLOW);
    expect(await audio.evaluate((element: HTMLAudioElement) => element.duration)).toBeCloseTo(30, 1);

    // Muted playback needs no user gesture under Chromium's autoplay policy.
    await audio.evaluate((element: HTMLAudioElement) => {
      element.muted = true;
      return element.play();
    });
    await page.waitForFunction(() => (document.querySelector('audio')?.currentTime ?? 0) > 0.3, undefined, SLOW);

    await audio.evaluate(
      (element: HTMLAudioElement) =>
        new Promise<void>((resolve) => {
          element.addEventListener('seeked', () => resolve(), { once: true });
          element.currentTime = 21;
        }),
    );
    const afterSeek = await audio.evaluate((element: HTMLAudioElement) => element.currentTime);
    expect(afterSeek).toBeGreaterThanOrEqual(20.9);
    await page.waitForFunction((from) => (document.querySelector('audio')?.currentTime ?? 0) > from + 0.5, afterSeek, SLOW);
    expect(await audio.evaluate((element: HTMLAudioElement) => element.paused)).toBe(false);

    // The element's requests were answered by the Service Worker, with ranges.
    expect(swResponses.length).toBeGreaterThan(0);
    expect(swResponses.every((response) => response.fromServiceWorker())).toBe(true);
    expect(swResponses.some((response) => response.status() === 206)).toBe(true);
    const served = swResponses.find((response) => response.status() === 206)!;
    expect(served.headers()['content-range']).toMatch(/^bytes \d+-\d+\/1323044$/);
    expect(served.headers()['content-type']).toBe('audio/wav');

    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'web-preview-audio.png'), fullPage: true });
    expect(await findAccessibilityViolations(page)).toEqual([]);
    expect(watch.pageErrors).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
  }, 120_000);

  it('answers an unknown download id with 404, not with another file', async () => {
    const { page } = await openPage();
    await page.goto(url);
    await page.locator('audio').waitFor(SLOW);
    const status = await page.evaluate(async () => (await fetch('/_coffre/download/00000000000000000000000000000000/tone.wav')).status);
    expect(status).toBe(404);
  }, 60_000);
});

describe('text preview', () => {
  it('shows the beginning of a text file, served as plain text', async () => {
    const text = `Minutes of the meeting\n${'line of notes\n'.repeat(50)}<script>alert(1)</script>\n`;
    const node = await uploadBytes(ada, 'minutes.html', new TextEncoder().encode(text), { mediaType: 'text/html' });
    const { url } = await ada.drive.createLink(node, { base: stack.web.url });
    const { page, swResponses } = await openPage();
    const watch = await watchPage(page);
    await page.goto(url);
    const preview = page.getByLabel('Preview of minutes.html');
    await preview.waitFor(SLOW);
    expect(await preview.textContent()).toBe(text);
    // HTML is never served as HTML from the app's origin.
    expect(swResponses.map((response) => response.headers()['content-type'])).toEqual(['text/plain; charset=utf-8']);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'web-preview-text.png'), fullPage: true });
    expect(await findAccessibilityViolations(page)).toEqual([]);
    expect(watch.pageErrors).toEqual([]);
  }, 60_000);
});

// Previews in real Chromium: an audio file made through the SDK, opened through its link, plays in
// an <audio> element whose requests the Service Worker answers with decrypted chunks, Range
// requests included, so seeking is the browser's own; text through a link; and an image, a text
// file and a PDF opened from the drive's own file list.
import { mkdirSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';
import path from 'node:path';
import { launchChromium } from '@coffre/testing/chromium';
import { type Browser, type BrowserContext, type Page, type Response } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findAccessibilityViolations } from '../src/axe.ts';
import { logIn } from '../src/drive-pages.ts';
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

/** A PNG of `width` x `height` pixels of one colour (8-bit RGB, no filter). */
function solidPng(width: number, height: number, rgb: [number, number, number]): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits per channel, RGB, deflate, no filter method, no interlace
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

/** A one-page PDF with a line of text. */
function minimalPdf(): Uint8Array {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    '<< /Length 42 >>\nstream\nBT /F1 18 Tf 20 60 Td (Harbour plan) Tj ET\nendstream',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(body);
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

describe('previews in the drive', () => {
  it("opens a file from the drive's list: an image, a text file and a PDF, each decrypted by the Service Worker", async () => {
    const text = `Harbour notes\n${'tide table, berth 4\n'.repeat(40)}`;
    await uploadBytes(ada, 'harbour.png', solidPng(48, 32, [31, 111, 178]), { mediaType: 'image/png' });
    await uploadBytes(ada, 'notes.txt', new TextEncoder().encode(text), { mediaType: 'text/plain' });
    await uploadBytes(ada, 'plan.pdf', minimalPdf(), { mediaType: 'application/pdf' });
    const { page, swResponses } = await openPage();
    const watch = await watchPage(page);
    await logIn(page, stack.web.url, ada.email, ada.password);

    // The image: drawn at its own size from the decrypted bytes.
    await page.getByRole('button', { name: 'harbour.png', exact: true }).click();
    const imageDialog = page.getByRole('dialog', { name: 'harbour.png' });
    const image = imageDialog.getByRole('img', { name: 'Preview of harbour.png' });
    await image.waitFor(SLOW);
    await page.waitForFunction(() => (document.querySelector('dialog img') as HTMLImageElement | null)?.complete === true, undefined, SLOW);
    expect(await image.evaluate((element: HTMLImageElement) => [element.naturalWidth, element.naturalHeight])).toEqual([48, 32]);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'web-drive-preview-image.png'), fullPage: true });
    expect(await findAccessibilityViolations(page)).toEqual([]);
    await imageDialog.getByRole('button', { name: 'Close' }).click();
    await imageDialog.waitFor({ state: 'hidden' });

    // The text: its content, closed with Escape.
    await page.getByRole('button', { name: 'notes.txt', exact: true }).click();
    const textPreview = page.getByRole('dialog', { name: 'notes.txt' }).getByLabel('Preview of notes.txt');
    await textPreview.waitFor(SLOW);
    expect(await textPreview.textContent()).toBe(text);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'notes.txt' }).waitFor({ state: 'hidden' });

    // The PDF: handed to the browser's viewer as a PDF, from the Service Worker.
    await page.getByRole('button', { name: 'plan.pdf', exact: true }).click();
    await page.getByRole('dialog', { name: 'plan.pdf' }).locator('iframe[title="Preview of plan.pdf"]').waitFor(SLOW);
    await expect.poll(() => swResponses.some((response) => response.headers()['content-type'] === 'application/pdf'), SLOW).toBe(true);

    expect(swResponses.every((response) => response.fromServiceWorker())).toBe(true);
    expect(swResponses.map((response) => response.headers()['content-type'])).toEqual(expect.arrayContaining(['image/png', 'text/plain; charset=utf-8', 'application/pdf']));
    expect(watch.pageErrors).toEqual([]);
  }, 120_000);
});

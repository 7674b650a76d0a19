/**
 * `pnpm --filter @coffre/test run bench:download-paths [-- --mb 200 --rounds 3]`: what a browser
 * download costs Chromium along the two paths a web drive can take, on the same bytes in the same
 * run, with nothing else in the way (a loopback server hands out ready-made ciphertext; no API):
 *
 * - **service-worker**: the path the web drive takes today. A navigation to an attachment URL is
 *   answered by a Service Worker that fetches the ciphertext, decrypts it chunk by chunk (AES-GCM,
 *   256 KiB chunks, WebCrypto) and streams the plaintext to the browser's download manager.
 * - **worker-opfs**: a dedicated worker fetches and decrypts the same chunks into a file of the
 *   origin private file system (a synchronous access handle), then the page saves that file
 *   through an object URL.
 * - **worker-fetch** and **worker-fetch-decrypt**: the same worker without the file write, and
 *   without the decryption: the floor of the fetch itself.
 *
 * Each path runs in a persistent profile (as people's browsers are: the private file system on
 * disk) and, for the private file system, also in an ephemeral one (Playwright's default context,
 * like a private window: that file system lives in memory). Printed per round: wall time until the
 * file is complete on disk (its size checked), MB/s, and the CPU seconds of Chromium's whole
 * process tree; then the medians. The first round of each path warms it up and is left out of the
 * medians when there are more than two.
 */
import { createCipheriv } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { CHROMIUM_ARGS, chromiumPath } from '@coffre/testing/chromium';
import { type BrowserContext, chromium } from 'playwright-core';

const CHUNK = 256 * 1024;
const SEALED = CHUNK + 16;

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
}

const megabytes = option('mb', 200);
const rounds = option('rounds', 3);
const size = megabytes * 1e6;

/** The ciphertext: each 256 KiB chunk sealed under an all-zero key, its index as the nonce. */
function ciphertext(): Buffer {
  const key = Buffer.alloc(32);
  const sealed: Buffer[] = [];
  for (let index = 0, offset = 0; offset < size; index++, offset += CHUNK) {
    const nonce = Buffer.alloc(12);
    nonce.writeUInt32BE(index, 8);
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    sealed.push(cipher.update(Buffer.alloc(Math.min(CHUNK, size - offset), index & 0xff)), cipher.final(), cipher.getAuthTag());
  }
  return Buffer.concat(sealed);
}

/**
 * The decryption both paths share (page-side JavaScript, as a string): reads `body` a sealed chunk
 * at a time into one reused buffer and calls `write(plaintext, offset)` with each chunk's bytes.
 */
const decryptLoop = `
async function decryptInto(body, decrypt, write) {
  const key = await crypto.subtle.importKey('raw', new Uint8Array(32), 'AES-GCM', false, ['decrypt']);
  const reader = body.getReader({ mode: 'byob' });
  let buffer = new ArrayBuffer(${SEALED});
  const nonce = new Uint8Array(12);
  let offset = 0;
  for (let index = 0; ; index++) {
    let filled = 0;
    while (filled < ${SEALED}) {
      const { done, value } = await reader.read(new Uint8Array(buffer, filled, ${SEALED} - filled));
      if (value) buffer = value.buffer;
      if (done) break;
      filled += value.length;
    }
    if (filled === 0) return offset;
    new DataView(nonce.buffer).setUint32(8, index);
    const sealed = new Uint8Array(buffer, 0, filled);
    const plaintext = decrypt ? new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: nonce }, key, sealed)) : sealed.subarray(0, filled - 16);
    await write(plaintext, offset);
    offset += plaintext.length;
    if (filled < ${SEALED}) return offset;
  }
}`;

const serviceWorker = `${decryptLoop}
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('fetch', (event) => {
  if (new URL(event.request.url).pathname !== '/download') return;
  event.respondWith((async () => {
    const response = await fetch('/data');
    const { readable, writable } = new TransformStream();
    const writer = writable.getWriter();
    decryptInto(response.body, true, async (plaintext) => { await writer.ready; await writer.write(plaintext); })
      .then(() => writer.close(), (error) => writer.abort(error));
    return new Response(readable, { headers: { 'content-type': 'application/octet-stream', 'content-length': '${size}', 'content-disposition': 'attachment; filename="out.bin"' } });
  })());
});`;

const downloadWorker = `${decryptLoop}
onmessage = async ({ data: mode }) => {
  try {
    const root = await navigator.storage.getDirectory();
    const handle = await root.getFileHandle('download', { create: true });
    const access = await handle.createSyncAccessHandle();
    access.truncate(0);
    const response = await fetch('/data');
    const length = await decryptInto(response.body, mode !== 'worker-fetch', (plaintext, at) => {
      if (mode === 'worker-opfs') access.write(plaintext, { at });
    });
    access.flush();
    access.close();
    postMessage({ length });
  } catch (error) {
    postMessage({ error: String(error) });
  }
};`;

const page = `<!doctype html><meta charset="utf-8"><body><script>
window.ready = navigator.serviceWorker.register('/sw.js').then(() => navigator.serviceWorker.ready).then(() =>
  navigator.serviceWorker.controller ? undefined : new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true })));
function save(href, named) {
  const anchor = document.createElement('a');
  anchor.href = href;
  // An attachment the Service Worker answers is a navigation (as the web drive's); an object URL needs the attribute.
  if (named) anchor.download = 'out.bin';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
}
window.run = (mode) => new Promise((resolve, reject) => {
  if (mode === 'service-worker') return resolve(save('/download', false));
  const worker = new Worker('/worker.js');
  worker.onmessage = async ({ data }) => {
    worker.terminate();
    if (data.error) return reject(new Error(data.error));
    if (mode !== 'worker-opfs') return resolve(data.length);
    const file = await (await (await navigator.storage.getDirectory()).getFileHandle('download')).getFile();
    save(URL.createObjectURL(file), true);
    resolve(file.size);
  };
  worker.postMessage(mode);
});
</script>`;

function serve(data: Buffer): Promise<Server> {
  const bodies: Record<string, [string, string | Buffer]> = {
    '/': ['text/html', page],
    '/sw.js': ['text/javascript', serviceWorker],
    '/worker.js': ['text/javascript', downloadWorker],
    '/data': ['application/octet-stream', data],
  };
  const server = createServer((request, response) => {
    const body = bodies[request.url ?? ''];
    if (body === undefined) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': body[0], 'content-length': Buffer.byteLength(body[1]), 'cache-control': 'no-store' }).end(body[1]);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** CPU seconds (user + system) of every process below this one: the browser's tree. */
function childrenCpuSeconds(): number {
  const stats = new Map<number, { parent: number; ticks: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ');
      stats.set(Number(entry), { parent: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // The process ended in between.
    }
  }
  const below = new Set([process.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, { parent }] of stats) {
      if (!below.has(pid) && below.has(parent)) grew = below.add(pid).size > 0;
    }
  }
  below.delete(process.pid);
  return [...below].reduce((sum, pid) => sum + (stats.get(pid)?.ticks ?? 0), 0) / 100;
}

interface Round {
  seconds: number;
  cpuSeconds: number;
}

async function measure(context: BrowserContext, origin: string, mode: string): Promise<Round[]> {
  const tab = await context.newPage();
  await tab.goto(origin);
  await tab.evaluate(() => (window as unknown as { ready: Promise<void> }).ready);
  const results: Round[] = [];
  for (let round = 0; round < rounds; round++) {
    const cpuBefore = childrenCpuSeconds();
    const started = performance.now();
    const saves = mode === 'worker-opfs' || mode === 'service-worker';
    const download = saves ? tab.waitForEvent('download', { timeout: 300_000 }) : undefined;
    await tab.evaluate((name) => (window as unknown as { run(mode: string): Promise<unknown> }).run(name), mode);
    if (download !== undefined) {
      const saved = await download;
      const file = await saved.path();
      if (statSync(file).size !== size) throw new Error(`${mode}: saved ${statSync(file).size} bytes, not ${size}`);
      await saved.delete();
    }
    const seconds = (performance.now() - started) / 1000;
    results.push({ seconds, cpuSeconds: childrenCpuSeconds() - cpuBefore });
    console.log(`  ${mode.padEnd(22)} round ${round + 1}: ${(size / 1e6 / seconds).toFixed(1).padStart(6)} MB/s, ${seconds.toFixed(2)} s, Chromium ${(childrenCpuSeconds() - cpuBefore).toFixed(2)} CPU s`);
  }
  await tab.close();
  return results;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function main(): Promise<void> {
  const server = await serve(ciphertext());
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const scratch = mkdtempSync(path.join(tmpdir(), 'coffre-download-paths-'));
  const load = loadavg();
  console.log(`download paths: ${megabytes} MB, ${rounds} round(s) each, load average ${load.map((value) => value.toFixed(2)).join(' ')} at the start\n`);
  const rows: string[] = [];
  try {
    for (const profile of ['persistent', 'ephemeral'] as const) {
      const launch = { executablePath: chromiumPath(), headless: true, args: [...CHROMIUM_ARGS], acceptDownloads: true, downloadsPath: path.join(scratch, 'downloads') };
      const browser = profile === 'ephemeral' ? await chromium.launch(launch) : undefined;
      const context = browser === undefined ? await chromium.launchPersistentContext(path.join(scratch, 'profile'), launch) : await browser.newContext({ acceptDownloads: true });
      try {
        const modes = profile === 'persistent' ? ['service-worker', 'worker-opfs', 'worker-fetch-decrypt', 'worker-fetch'] : ['service-worker', 'worker-opfs'];
        for (const mode of modes) {
          const results = await measure(context, origin, mode);
          const counted = results.length > 2 ? results.slice(1) : results;
          const seconds = median(counted.map((result) => result.seconds));
          rows.push(`${profile.padEnd(10)} | ${mode.padEnd(22)} | ${(size / 1e6 / seconds).toFixed(1).padStart(6)} MB/s | ${median(counted.map((result) => result.cpuSeconds)).toFixed(2).padStart(5)} CPU s`);
        }
      } finally {
        await context.close();
        await browser?.close();
      }
    }
  } finally {
    server.close();
    rmSync(scratch, { recursive: true, force: true });
  }
  console.log(`\nprofile    | path                   |   rate (median) | Chromium (median)`);
  for (const row of rows) console.log(row);
  console.log(`load average ${loadavg().map((value) => value.toFixed(2)).join(' ')} at the end (2 cores)`);
}

await main();

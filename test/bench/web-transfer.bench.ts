/**
 * `pnpm bench:web`: upload and download of a 200 MB file in real Chromium through the web drive,
 * and the CLI's upload of the same file in the same run as the baseline for the upload ratio.
 *
 * - Browser upload: the drive's own upload button (file input), crypto in the account worker;
 *   timed from picking the file to the upload panel reporting it uploaded.
 * - Browser download: the drive's Download button; the Service Worker streams and decrypts to
 *   the browser's download manager; timed from the click to the file complete on disk, whose
 *   SHA-256 must be the source's.
 * - CLI upload: `coffre put` of the same file against the same API, under /usr/bin/time.
 * - Main thread: every long task (PerformanceObserver `longtask`, tasks over 50 ms) in the page
 *   during each transfer; the longest is reported.
 * - CPU seconds (user + system) of Chromium's processes, the API and the CLI, peak RSS (VmHWM), and
 *   the load average at start and end: on this shared machine they are distorted less than wall time.
 *   Chromium's busiest threads per transfer show where its CPU goes (e.g. the upload worker).
 *
 * Targets (issue 5): download >= 100 MB/s, browser upload >= 0.5x the CLI's, no main-thread task
 * over 100 ms. Options: `--mb 200` (file size in MB of 10^6 bytes), `--keep` (leave the temp dir).
 */
import { spawnSync } from 'node:child_process';
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { launchChromium } from '@coffre/testing/chromium';
import { type Page } from 'playwright-core';
import { signUp, strongPassword, uniqueEmail, uploadFiles } from '../src/drive-pages.ts';
import { REPO_ROOT } from '../src/paths.ts';
import { startWebStack } from '../src/web-stack.ts';

const MB = 1_000_000;

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? undefined : process.argv[index + 1];
}
const sizeMB = Number(option('mb') ?? 200);
const keep = process.argv.includes('--keep');
const cliBin = path.join(REPO_ROOT, 'apps/cli/bin/coffre.js');
const TICKS_PER_SECOND = 100;

/** Pseudo-random content (AES-CTR keystream), so nothing along the way can compress it. */
async function writeSource(file: string, size: number): Promise<void> {
  const cipher = createCipheriv('aes-256-ctr', randomBytes(32), randomBytes(16));
  const handle = await open(file, 'w');
  try {
    const block = Buffer.alloc(4 * 1024 * 1024);
    for (let written = 0; written < size; written += block.length) await handle.write(cipher.update(block.subarray(0, Math.min(block.length, size - written))));
  } finally {
    await handle.close();
  }
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const piece of createReadStream(file)) hash.update(piece as Buffer);
  return hash.digest('hex');
}

/** User + system CPU seconds of a process (all its threads). */
function cpuSecondsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0; // the process ended meanwhile
  }
}

function memoryKiB(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  try {
    return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** A process and all its descendants. */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const parent = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // gone
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!) ?? []));
  return tree;
}

/** Chromium's main process: the first of this process's descendants named chromium (or chrome). */
function chromiumPid(): number | undefined {
  return processTree(process.pid).find((pid) => {
    try {
      return /^(chromium|chrome)/.test(readFileSync(`/proc/${pid}/comm`, 'utf8'));
    } catch {
      return false;
    }
  });
}

const treeCpu = (root: number) => processTree(root).reduce((sum, pid) => sum + cpuSecondsOf(pid), 0);

/**
 * CPU seconds of every thread of a process tree, keyed "process type:thread name" (e.g.
 * "renderer:DedicatedWorker", "browser:Chrome_IOThread"), threads of the same key summed: where
 * Chromium spends a transfer's CPU.
 */
function threadCpu(root: number): Map<string, number> {
  const byThread = new Map<string, number>();
  for (const pid of processTree(root)) {
    try {
      const type = /--type=([a-z-]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1] ?? 'browser';
      for (const task of readdirSync(`/proc/${pid}/task`)) {
        const stat = readFileSync(`/proc/${pid}/task/${task}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
        const key = `${type}:${stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))}`;
        byThread.set(key, (byThread.get(key) ?? 0) + (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND);
      }
    } catch {
      // gone
    }
  }
  return byThread;
}

/** The threads that used the most CPU between two `threadCpu` readings, as "name seconds, …". */
function busiestThreads(before: Map<string, number>, after: Map<string, number>, count = 6): string {
  return [...after]
    .map(([key, seconds]) => [key, seconds - (before.get(key) ?? 0)] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, seconds]) => `${key} ${seconds.toFixed(1)}`)
    .join(', ');
}
const treePeakMiB = (root: number) => Math.max(...processTree(root).map((pid) => memoryKiB(pid, 'VmHWM'))) / 1024;
const loadAverage = () => loadavg().map((value) => value.toFixed(2)).join(' ');

/** `coffre <args>` under /usr/bin/time: wall seconds, CPU seconds and peak RSS. */
function coffre(args: string[], env: NodeJS.ProcessEnv): { seconds: number; cpuSeconds: number; peakRssMiB: number } {
  const started = performance.now();
  const result = spawnSync('/usr/bin/time', ['-f', 'COFFRE_BENCH_RSS_KIB=%M COFFRE_BENCH_CPU=%U+%S', process.execPath, cliBin, ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  const measured = /COFFRE_BENCH_RSS_KIB=(\d+) COFFRE_BENCH_CPU=([\d.]+)\+([\d.]+)/.exec(result.stderr);
  if (result.status !== 0 || measured === null) throw new Error(`coffre ${args.join(' ')} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  return { seconds, cpuSeconds: Number(measured[2]) + Number(measured[3]), peakRssMiB: Number(measured[1]) / 1024 };
}

/** The longest main-thread task (ms) that started between two page times; 0 if none over 50 ms. */
async function longestTask(page: Page, from: number, to: number): Promise<{ longest: number; count: number }> {
  return page.evaluate(
    ([start, end]) => {
      const tasks = ((window as unknown as { __coffreLongTasks?: { startTime: number; duration: number }[] }).__coffreLongTasks ?? []).filter((task) => task.startTime >= start && task.startTime <= end);
      return { longest: Math.max(0, ...tasks.map((task) => task.duration)), count: tasks.length };
    },
    [from, to] as const,
  );
}

const verdict = (ok: boolean) => (ok ? 'met' : 'NOT MET');
const mbps = (bytes: number, seconds: number) => bytes / MB / seconds;

async function main(): Promise<void> {
  const work = mkdtempSync(path.join(tmpdir(), 'coffre-bench-web-'));
  const size = sizeMB * MB;
  const name = `web-bench-${sizeMB}mb.bin`;
  const source = path.join(work, name);
  await writeSource(source, size);
  const stack = await startWebStack();
  const browser = await launchChromium();
  try {
    const browserPid = chromiumPid();
    if (browserPid === undefined || stack.api.pid === undefined) throw new Error('cannot measure: no browser or API process id');
    console.log(`Coffre web transfer benchmark: ${sizeMB} MB file, web ${stack.web.url}, API ${stack.api.url}`);
    console.log(`load average at start: ${loadAverage()}\n`);

    // Baseline: the CLI's upload of the same file against the same API.
    const cliEnv = { COFFRE_SERVER: stack.api.url, COFFRE_CONFIG_DIR: path.join(work, 'cli'), COFFRE_PASSWORD: strongPassword() };
    coffre(['--quiet', 'signup', uniqueEmail('bench-cli')], cliEnv);
    const apiBeforeCli = cpuSecondsOf(stack.api.pid);
    const cli = coffre(['--quiet', 'put', source, `/${name}`], cliEnv);
    const cliApiCpu = cpuSecondsOf(stack.api.pid) - apiBeforeCli;

    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
    // Before any page script: record every long task of the page's main thread.
    await context.addInitScript(() => {
      const tasks: { startTime: number; duration: number }[] = [];
      (window as unknown as { __coffreLongTasks: typeof tasks }).__coffreLongTasks = tasks;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) tasks.push({ startTime: entry.startTime, duration: entry.duration });
      }).observe({ type: 'longtask', buffered: true });
    });
    const page = await context.newPage();
    // The machine is shared: waits are generous, and the figures are wall time measured around them.
    page.setDefaultTimeout(120_000);
    await signUp(page, stack.web.url, uniqueEmail('bench-web'), strongPassword());

    // What Chromium burns with the drive open and nothing moving (rendering, timers), for 10 s.
    const idleBefore = treeCpu(browserPid);
    await page.waitForTimeout(10_000);
    const idleCpuPerSecond = (treeCpu(browserPid) - idleBefore) / 10;

    // Browser upload through the drive's file input.
    const uploadCpuBefore = { browser: treeCpu(browserPid), api: cpuSecondsOf(stack.api.pid), threads: threadCpu(browserPid) };
    const uploadFrom = await page.evaluate(() => performance.now());
    let started = performance.now();
    await uploadFiles(page, [source]);
    const row = page.locator('li.coffre-transfer[data-status="done"], li.coffre-transfer[data-status="failed"]');
    await row.first().waitFor({ timeout: 600_000 });
    if ((await row.first().getAttribute('data-status')) !== 'done') throw new Error(`the browser upload failed: ${await row.first().textContent()}`);
    const uploadSeconds = (performance.now() - started) / 1000;
    const uploadTo = await page.evaluate(() => performance.now());
    const uploadCpu = { browser: treeCpu(browserPid) - uploadCpuBefore.browser, api: cpuSecondsOf(stack.api.pid) - uploadCpuBefore.api, threads: busiestThreads(uploadCpuBefore.threads, threadCpu(browserPid)) };
    const uploadTasks = await longestTask(page, uploadFrom, uploadTo);

    // Browser download through the drive's Download button (Service Worker, streamed to disk).
    const downloadButton = page.getByRole('button', { name: `Download ${name}` });
    await downloadButton.waitFor({ timeout: 60_000 });
    const downloadCpuBefore = { browser: treeCpu(browserPid), api: cpuSecondsOf(stack.api.pid), threads: threadCpu(browserPid) };
    const downloadFrom = await page.evaluate(() => performance.now());
    started = performance.now();
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 600_000 }), downloadButton.click()]);
    const saved = await download.path();
    const downloadSeconds = (performance.now() - started) / 1000;
    const downloadTo = await page.evaluate(() => performance.now());
    const downloadCpu = { browser: treeCpu(browserPid) - downloadCpuBefore.browser, api: cpuSecondsOf(stack.api.pid) - downloadCpuBefore.api, threads: busiestThreads(downloadCpuBefore.threads, threadCpu(browserPid)) };
    const downloadTasks = await longestTask(page, downloadFrom, downloadTo);
    const failure = await download.failure();
    if (failure !== null) throw new Error(`the browser download failed: ${failure}`);
    const [expected, actual] = await Promise.all([sha256File(source), sha256File(saved)]);
    if (expected !== actual) throw new Error('the downloaded file differs from the uploaded one');

    const cliRate = mbps(size, cli.seconds);
    const uploadRate = mbps(size, uploadSeconds);
    const downloadRate = mbps(size, downloadSeconds);
    const ratio = uploadRate / cliRate;
    const longest = Math.max(uploadTasks.longest, downloadTasks.longest);
    const row2 = (label: string, rate: number, seconds: number, cpu: string, tasks: string) => `${label.padEnd(17)} | ${rate.toFixed(1).padStart(6)} MB/s | ${seconds.toFixed(1).padStart(6)} s | ${cpu.padEnd(30)} | ${tasks}`;
    console.log('transfer          |        rate |   wall   | CPU s                          | main thread');
    console.log('------------------|-------------|----------|--------------------------------|------------');
    console.log(row2('CLI upload', cliRate, cli.seconds, `CLI ${cli.cpuSeconds.toFixed(1)} + API ${cliApiCpu.toFixed(1)}`, '-'));
    console.log(row2('browser upload', uploadRate, uploadSeconds, `Chromium ${uploadCpu.browser.toFixed(1)} + API ${uploadCpu.api.toFixed(1)}`, `${uploadTasks.count} long tasks, longest ${uploadTasks.longest.toFixed(0)} ms`));
    console.log(row2('browser download', downloadRate, downloadSeconds, `Chromium ${downloadCpu.browser.toFixed(1)} + API ${downloadCpu.api.toFixed(1)}`, `${downloadTasks.count} long tasks, longest ${downloadTasks.longest.toFixed(0)} ms`));
    console.log(`\nChromium's busiest threads, upload: ${uploadCpu.threads}`);
    console.log(`Chromium's busiest threads, download: ${downloadCpu.threads}`);
    console.log(`Chromium idle with the drive open: ${idleCpuPerSecond.toFixed(2)} CPU s per second (included in the figures above)`);
    console.log(`peak RSS: CLI ${cli.peakRssMiB.toFixed(0)} MiB, API ${(memoryKiB(stack.api.pid, 'VmHWM') / 1024).toFixed(0)} MiB, largest Chromium process ${treePeakMiB(browserPid).toFixed(0)} MiB`);
    console.log(`load average at end: ${loadAverage()}\n`);
    console.log(`download: ${downloadRate.toFixed(0)} MB/s (target >= 100 MB/s) ${verdict(downloadRate >= 100)}`);
    console.log(`upload:   ${ratio.toFixed(2)}x the CLI's (target >= 0.5x) ${verdict(ratio >= 0.5)}`);
    console.log(`main thread: longest task ${longest.toFixed(0)} ms (target <= 100 ms) ${verdict(longest <= 100)}`);
    await context.close();
  } finally {
    await browser.close();
    await stack.stop();
    if (!keep) rmSync(work, { recursive: true, force: true });
  }
}

await main();

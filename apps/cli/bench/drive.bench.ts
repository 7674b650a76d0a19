/**
 * `pnpm bench:drive`: `coffre put` and `coffre get` of a 100 MiB and a 1 GiB file through the API
 * on loopback, three copies on local filesystem backends, against a baseline measured in the
 * same run on the same disk: the same bytes written into three directories and fsynced (the
 * disk's own limit for three durable copies).
 *
 * The API runs as its own process (built, started through `apps/api/bin/coffre-api` as in
 * production, a fresh Postgres database, the local Redis under a key prefix of its own, storage in
 * a temporary directory); the CLI runs as a child process per command. Peak RSS is the kernel's high-water mark (VmHWM) of each
 * process: the CLI's through `/usr/bin/time`, the API's read from /proc before it stops (the API
 * process is measured across the whole run, so its figure covers every transfer).
 *
 * CPU time (user + system, every thread) is reported beside wall time for both processes: on a
 * shared machine it is what load distorts least. The load average is printed at start and end.
 *
 * Options: `--mib 100,1024` (sizes), `--keep` (leave the temporary directory), `--profile <dir>`
 * (V8 CPU profiles of the API and of each CLI run, written into `<dir>`).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { open } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase } from '@coffre/db/testing';

const MIB = 1024 * 1024;
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const cliBin = path.join(repoRoot, 'apps/cli/bin/coffre.js');
/** The API's launcher: it sets the C allocator's environment, then runs `dist/main.js`. */
const apiBin = path.join(repoRoot, 'apps/api/bin/coffre-api');

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? undefined : process.argv[index + 1];
}
const sizesMiB = (option('mib') ?? '100,1024').split(',').map(Number);
const keep = process.argv.includes('--keep');
const profileDir = option('profile');
/** Node flags of the API and CLI processes: CPU profiles when asked for. */
const profileFlags = profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`];

/** Pseudo-random content (AES-CTR keystream), written once per size. */
async function writeSource(file: string, size: number): Promise<void> {
  const cipher = createCipheriv('aes-256-ctr', randomBytes(32), randomBytes(16));
  const handle = await open(file, 'w');
  try {
    const block = Buffer.alloc(4 * MIB);
    for (let written = 0; written < size; written += block.length) {
      await handle.write(cipher.update(block.subarray(0, Math.min(block.length, size - written))));
    }
  } finally {
    await handle.close();
  }
}

/** The baseline: the file's bytes written into three directories, each file fsynced. */
async function baselineWrite(source: string, dir: string): Promise<number> {
  const started = performance.now();
  const handles = await Promise.all(['a', 'b', 'c'].map(async (copy) => {
    mkdirSync(path.join(dir, copy), { recursive: true });
    return open(path.join(dir, copy, 'object'), 'w');
  }));
  for await (const chunk of createReadStream(source, { highWaterMark: 4 * MIB }) as AsyncIterable<Buffer>) {
    await Promise.all(handles.map((handle) => handle.write(chunk)));
  }
  await Promise.all(handles.map(async (handle) => {
    await handle.sync();
    await handle.close();
  }));
  return (performance.now() - started) / 1000;
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 4 * MIB })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A process's resident set from /proc: `VmHWM` (peak) or `VmRSS` (now), in MiB. */
function rssMiB(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return kib / 1024;
}

/** CPU time a process has used so far, user + system, in seconds (/proc/<pid>/stat, 100 ticks a second). */
function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // Fields 14 and 15 of stat(5) (utime, stime); the split drops the first two.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const loadAverage = () => loadavg().map((value) => value.toFixed(1)).join(' ');

interface CliRun {
  seconds: number;
  peakRssMiB: number;
  cpuSeconds: number;
  stdout: string;
}

/** Runs `coffre <args>` under /usr/bin/time, for its wall time, CPU time and peak RSS. */
function coffre(args: string[], env: NodeJS.ProcessEnv): CliRun {
  const started = performance.now();
  const result = spawnSync('/usr/bin/time', ['-f', 'COFFRE_BENCH_RSS_KIB=%M COFFRE_BENCH_CPU=%U+%S', process.execPath, ...profileFlags, cliBin, ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 64 * MIB,
  });
  const seconds = (performance.now() - started) / 1000;
  const measured = /COFFRE_BENCH_RSS_KIB=(\d+) COFFRE_BENCH_CPU=([\d.]+)\+([\d.]+)/.exec(result.stderr);
  if (result.status !== 0 || !measured) {
    throw new Error(`coffre ${args.join(' ')} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  const [, rssKiB, user, system] = measured;
  return { seconds, peakRssMiB: Number(rssKiB) / 1024, cpuSeconds: Number(user) + Number(system), stdout: result.stdout };
}

async function waitForHealth(url: string, api: ReturnType<typeof spawn>): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (api.exitCode !== null) throw new Error(`the API exited (${api.exitCode}) before answering`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the API did not become healthy within 60 s');
}

const mbps = (bytes: number, seconds: number) => bytes / 1e6 / seconds;
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');

async function main(): Promise<void> {
  const work = mkdtempSync(path.join(repoRoot, '.bench-drive-'));
  const database = await createTestDatabase();
  const port = await freePort();
  const server = `http://127.0.0.1:${port}`;
  const apiLog: string[] = [];
  const api = spawn(apiBin, [], {
    env: {
      ...process.env,
      // Node flags reach the API through its launcher this way only.
      NODE_OPTIONS: [process.env.NODE_OPTIONS, ...profileFlags].filter(Boolean).join(' '),
      NODE_ENV: 'development',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: database.url,
      COFFRE_DATA_DIR: path.join(work, 'api'),
      COFFRE_REDIS_KEY_PREFIX: `coffre-bench-${process.pid}:`,
      LOG_LEVEL: 'warn',
      COFFRE_PUBLIC_URL: server,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [api.stdout, api.stderr]) stream?.on('data', (data: Buffer) => apiLog.push(data.toString()));
  try {
    await waitForHealth(server, api);
    const apiIdleRss = rssMiB(api.pid!, 'VmRSS');
    const env = { COFFRE_SERVER: server, COFFRE_CONFIG_DIR: path.join(work, 'cli'), COFFRE_PASSWORD: `bench ${randomBytes(8).toString('hex')}` };
    coffre(['--quiet', 'signup', `bench-${process.pid}@coffre.test`], env);
    /** A CLI run and the API's CPU time during it. */
    const measured = (args: string[]) => {
      const apiCpuBefore = cpuSecondsOf(api.pid!);
      const run = coffre(args, env);
      return { ...run, apiCpuSeconds: cpuSecondsOf(api.pid!) - apiCpuBefore };
    };
    console.log(`Coffre drive benchmark: API ${server} (pid ${api.pid}), 3 copies on local directories under ${work}`);
    console.log(`load average at start: ${loadAverage()}; API idle RSS after start: ${apiIdleRss.toFixed(0)} MiB\n`);
    console.log('size      | baseline write | put MB/s (ratio) | get MB/s | put CPU s CLI+API | get CPU s CLI+API | put RSS | get RSS');
    console.log('----------|----------------|------------------|----------|-------------------|-------------------|---------|--------');
    const rows: { size: number; ratio: number; get: number; putRss: number; getRss: number }[] = [];
    const cpu = (run: { cpuSeconds: number; apiCpuSeconds: number }) => `${run.cpuSeconds.toFixed(2)} + ${run.apiCpuSeconds.toFixed(2)}`.padStart(17);
    for (const mib of sizesMiB) {
      const size = mib * MIB;
      const source = path.join(work, `source-${mib}.bin`);
      await writeSource(source, size);
      const baselineSeconds = await baselineWrite(source, path.join(work, `baseline-${mib}`));
      rmSync(path.join(work, `baseline-${mib}`), { recursive: true, force: true });
      const put = measured(['--quiet', 'put', source, `/bench-${mib}.bin`]);
      const out = path.join(work, `out-${mib}.bin`);
      const get = measured(['--quiet', 'get', `/bench-${mib}.bin`, out]);
      const [expected, actual] = await Promise.all([sha256File(source), sha256File(out)]);
      if (expected !== actual) throw new Error(`the downloaded ${mib} MiB file differs from the uploaded one`);
      rmSync(out);
      rmSync(source);
      const baseline = mbps(size, baselineSeconds);
      const putRate = mbps(size, put.seconds);
      const getRate = mbps(size, get.seconds);
      rows.push({ size: mib, ratio: putRate / baseline, get: getRate, putRss: put.peakRssMiB, getRss: get.peakRssMiB });
      console.log(
        `${`${mib} MiB`.padEnd(9)} | ${baseline.toFixed(0).padStart(9)} MB/s | ${putRate.toFixed(0).padStart(5)} (${(putRate / baseline).toFixed(2)}x)    | ` +
          `${getRate.toFixed(0).padStart(8)} | ${cpu(put)} | ${cpu(get)} | ${put.peakRssMiB.toFixed(0).padStart(3)} MiB | ${get.peakRssMiB.toFixed(0).padStart(3)} MiB`,
      );
    }
    const apiRss = rssMiB(api.pid!, 'VmHWM');
    console.log(`\nAPI peak RSS over the whole run: ${apiRss.toFixed(0)} MiB; load average at end: ${loadAverage()}`);
    const worstRatio = Math.min(...rows.map((row) => row.ratio));
    const worstGet = Math.min(...rows.map((row) => row.get));
    const worstRss = Math.max(apiRss, ...rows.flatMap((row) => [row.putRss, row.getRss]));
    console.log(`upload:   ${worstRatio.toFixed(2)}x baseline at worst (target >= 0.6x) ${verdict(worstRatio >= 0.6)}`);
    console.log(`download: ${worstGet.toFixed(0)} MB/s at worst (target >= 300 MB/s) ${verdict(worstGet >= 300)}`);
    console.log(`memory:   ${worstRss.toFixed(0)} MiB peak RSS at worst (target < 150 MB = 143 MiB) ${verdict(worstRss < 143)}`);
  } catch (error) {
    console.error(apiLog.join('').slice(-4000));
    throw error;
  } finally {
    api.kill('SIGTERM');
    await new Promise((resolve) => (api.exitCode === null ? api.once('exit', resolve) : resolve(undefined)));
    await database.drop();
    if (!keep) rmSync(work, { recursive: true, force: true });
  }
}

await main();

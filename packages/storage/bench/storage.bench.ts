/**
 * `pnpm bench` (root: `pnpm bench:storage`): throughput and peak memory of the replicated store
 * writing then reading one object with three copies on local filesystem backends, against
 * baselines measured in the same run on the same disk:
 * - write: the same bytes teed into three files in three directories, then fsynced;
 * - read: one of those copies read the way a Node program reads a file and hands the bytes on,
 *   `fs.createReadStream(copy)` consumed to the end: every chunk in a buffer of its own, as the
 *   store's reads must hand out buffers their consumer owns.
 *
 * Three more reads give context: a plain sequential read of the copy into one reused buffer (what
 * the page cache delivers when nothing is handed on; no consumer can keep such bytes), the same
 * reused-buffer read hashing every block on one core (the floor that verification sets without a
 * second core), and the filesystem backend's own stream of a copy, unverified.
 *
 * Each scenario runs in its own child process, so that its peak RSS is its own. The object is
 * 1 GiB unless `--mib N` says otherwise; `--rounds N` runs the reads N times, interleaved, and
 * reports medians (the ratios are taken within each round, so that a busy machine skews both sides
 * alike); `--hash-threads N` sets the store's hashing threads. Reads come from the page cache (the
 * files were just written and cannot be evicted without root), which is the hardest case for the
 * store's read path: its verification costs show in full instead of hiding behind the disk.
 */
import { spawnSync } from 'node:child_process';
import { createCipheriv, createHash } from 'node:crypto';
import { createReadStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileSystemBackend } from '../src/fs/fs-backend.js';
import { type Placement, InMemoryPlacementStore } from '../src/placement.js';
import { DEFAULT_BLOCK_SIZE, ReplicatedStore } from '../src/replicated/replicated-store.js';

const MIB = 1024 * 1024;
const BLOCK = MIB;
const COPIES = ['a', 'b', 'c'];
const self = fileURLToPath(import.meta.url);

type Scenario = 'baseline-write' | 'store-write' | 'baseline-read' | 'reused-read' | 'hashed-read' | 'stream-read' | 'store-read' | 'store-read-workers';

const READS: readonly Scenario[] = ['baseline-read', 'reused-read', 'hashed-read', 'stream-read', 'store-read'];

interface Measurement {
  readonly scenario: Scenario;
  readonly bytes: number;
  readonly seconds: number;
  /** CPU time of every thread of the process (user + system): what the work cost, busy machine or not. */
  readonly cpuSeconds: number;
  readonly peakRssMiB: number;
}

/**
 * The benchmark object, the same in every process: pseudo-random 1 MiB blocks (AES-CTR of zeros
 * under a fixed key), each stamped with its index so that no two blocks are alike.
 */
function objectSource(size: number): ReadableStream<Uint8Array> {
  const pattern = createCipheriv('aes-128-ctr', Buffer.alloc(16, 7), Buffer.alloc(16)).update(Buffer.alloc(BLOCK));
  let produced = 0;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (produced >= size) return controller.close();
        const block = new Uint8Array(Math.min(BLOCK, size - produced));
        block.set(pattern.subarray(0, block.length));
        new DataView(block.buffer).setUint32(0, produced / BLOCK);
        produced += block.length;
        controller.enqueue(block);
      },
    },
    { highWaterMark: 0 },
  );
}

async function objectId(size: number): Promise<string> {
  const hash = createHash('sha256');
  for await (const block of objectSource(size) as unknown as AsyncIterable<Uint8Array>) hash.update(block);
  return hash.digest('hex');
}

async function baselineWrite(dir: string, size: number): Promise<void> {
  const handles: FileHandle[] = [];
  for (const copy of COPIES) {
    mkdirSync(path.join(dir, `baseline-${copy}`), { recursive: true });
    handles.push(await open(path.join(dir, `baseline-${copy}`, 'object'), 'w'));
  }
  for await (const block of objectSource(size) as unknown as AsyncIterable<Uint8Array>) {
    await Promise.all(handles.map((handle) => handle.write(block)));
  }
  await Promise.all(handles.map(async (handle) => {
    await handle.sync();
    await handle.close();
  }));
}

/** One copy through `fs.createReadStream`, every chunk a new buffer, consumed to the end. */
async function baselineRead(dir: string): Promise<number> {
  let total = 0;
  for await (const chunk of createReadStream(path.join(dir, 'baseline-a', 'object')) as AsyncIterable<Buffer>) total += chunk.length;
  return total;
}

/**
 * A plain sequential read of one copy into one reused buffer. With `hashBlocks`, each 256 KiB
 * block is also hashed with SHA-256: the least any read that checks its bytes must do on one core,
 * which shows what the hash function itself costs.
 */
async function reusedBufferRead(dir: string, hashBlocks: boolean): Promise<number> {
  const handle = await open(path.join(dir, 'baseline-a', 'object'), 'r');
  const buffer = new Uint8Array(BLOCK);
  let total = 0;
  for (;;) {
    const { bytesRead } = await handle.read(buffer, 0, BLOCK, total);
    if (bytesRead === 0) break;
    if (hashBlocks) {
      for (let offset = 0; offset < bytesRead; offset += DEFAULT_BLOCK_SIZE) {
        createHash('sha256').update(buffer.subarray(offset, Math.min(offset + DEFAULT_BLOCK_SIZE, bytesRead))).digest();
      }
    }
    total += bytesRead;
  }
  await handle.close();
  return total;
}

function storeBackend(dir: string, copy: string): FileSystemBackend {
  return new FileSystemBackend({ id: `fs-${copy}`, jurisdiction: `bench-${copy}`, root: path.join(dir, `store-${copy}`) });
}

function openStore(dir: string, placements: InMemoryPlacementStore, hashThreads: number | undefined, workerFileReads = false): ReplicatedStore {
  return new ReplicatedStore({
    workerFileReads,
    backends: COPIES.map((copy) => storeBackend(dir, copy)),
    policy: { copies: 3, writeQuorum: 2 },
    placements,
    repairs: { report: (need) => console.error('unexpected repair need', need) },
    ...(hashThreads === undefined ? {} : { hashThreads }),
  });
}

/** Bytes of a web stream, consumed the way a server sending it on would: chunk by chunk. */
async function drain(body: ReadableStream<Uint8Array>): Promise<number> {
  let bytes = 0;
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
  return bytes;
}

/** Placements live in memory: the write scenario hands its placement to the read one in a file. */
function savePlacement(dir: string, placement: Placement): void {
  const shards = placement.shards.map((shard) => ({
    ...shard,
    blockHashes: Buffer.from(shard.blockHashes.buffer, shard.blockHashes.byteOffset, shard.blockHashes.byteLength).toString('base64'),
  }));
  writeFileSync(path.join(dir, 'placement.json'), JSON.stringify({ ...placement, shards }));
}

function loadPlacement(dir: string): Placement {
  const saved = JSON.parse(readFileSync(path.join(dir, 'placement.json'), 'utf8')) as Omit<Placement, 'shards' | 'createdAt'> & {
    shards: (Omit<Placement['shards'][number], 'blockHashes'> & { blockHashes: string })[];
    createdAt: string;
  };
  const shards = saved.shards.map((shard) => ({ ...shard, blockHashes: new Uint8Array(Buffer.from(shard.blockHashes, 'base64')) }));
  return { ...saved, shards, createdAt: new Date(saved.createdAt) };
}

/** Runs one scenario in this process and prints its measurement as JSON. */
async function runScenario(scenario: Scenario, dir: string, size: number, id: string, hashThreads: number | undefined): Promise<void> {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  let bytes = size;
  switch (scenario) {
    case 'baseline-write':
      await baselineWrite(dir, size);
      break;
    case 'store-write': {
      const placements = new InMemoryPlacementStore();
      const store = openStore(dir, placements, hashThreads);
      const receipt = await store.put(id, objectSource(size), size);
      await store.close();
      if (receipt.placement.locations.length !== 3) throw new Error(`only ${receipt.placement.locations.length} copies written`);
      savePlacement(dir, receipt.placement);
      break;
    }
    case 'baseline-read':
      bytes = await baselineRead(dir);
      break;
    case 'reused-read':
      bytes = await reusedBufferRead(dir, false);
      break;
    case 'hashed-read':
      bytes = await reusedBufferRead(dir, true);
      break;
    case 'stream-read':
      bytes = await drain((await storeBackend(dir, 'a').get(id)).body);
      break;
    case 'store-read':
    case 'store-read-workers': {
      const placements = new InMemoryPlacementStore();
      await placements.save(loadPlacement(dir));
      // store-read-workers: the hashing workers read the copy themselves (`workerFileReads`).
      const store = openStore(dir, placements, hashThreads, scenario === 'store-read-workers');
      bytes = await drain((await store.get(id)).body);
      await store.close();
      break;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  if (bytes !== size) throw new Error(`${scenario} moved ${bytes} bytes, expected ${size}`);
  const measurement: Measurement = { scenario, bytes, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, peakRssMiB: process.resourceUsage().maxRSS / 1024 };
  console.log(JSON.stringify(measurement));
}

function runChild(scenario: Scenario, dir: string, size: number, id: string, hashThreads: number | undefined): Measurement {
  const child = spawnSync(process.execPath, ['--import', 'tsx', self, '--child', scenario, dir, String(size), id, String(hashThreads ?? '')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (child.status !== 0) throw new Error(`${scenario} failed with status ${child.status}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as Measurement;
}

function option(name: string): number | undefined {
  const index = process.argv.indexOf(name);
  if (index === -1) return undefined;
  const value = Number(process.argv[index + 1]);
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`${name} takes a positive integer`);
  return value;
}

/** The 1, 5 and 15 minute load averages: what else the machine was doing while this ran. */
function loadNow(): string {
  return loadavg()
    .map((load) => load.toFixed(2))
    .join(' ');
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function main(): Promise<void> {
  const size = (option('--mib') ?? 1024) * MIB;
  const rounds = option('--rounds') ?? 1;
  const hashThreads = option('--hash-threads');
  const readScenarios = process.argv.includes('--worker-reads') ? [...READS, 'store-read-workers' as const] : READS;
  const dir = mkdtempSync(path.join(tmpdir(), 'coffre-storage-bench-'));
  try {
    console.log(`storage bench: one ${size / MIB} MiB object, 3 copies on local filesystem backends in ${dir}`);
    console.log(`reads: ${rounds} round(s); store hashing threads: ${hashThreads ?? 'default'}`);
    const loadAtStart = loadNow();
    const id = await objectId(size);
    const writes = (['baseline-write', 'store-write'] as const).map((scenario) => runChild(scenario, dir, size, id, hashThreads));
    const reads = new Map<Scenario, Measurement[]>(readScenarios.map((scenario) => [scenario, []]));
    for (let round = 0; round < rounds; round += 1) {
      for (const scenario of readScenarios) reads.get(scenario)!.push(runChild(scenario, dir, size, id, hashThreads));
    }
    const rate = (measurement: Measurement) => measurement.bytes / MIB / measurement.seconds;
    const rates = (scenario: Scenario) => reads.get(scenario)!.map(rate);
    /** Median over the rounds of `scenario`'s rate divided by `other`'s in the same round. */
    const ratio = (scenario: Scenario, other: Scenario) => median(rates(scenario).map((value, round) => value / rates(other)[round]!));
    const cpuPerGiB = (measurements: readonly Measurement[]) => median(measurements.map((measurement) => measurement.cpuSeconds / (measurement.bytes / 1024 / MIB)));
    console.log(`\nscenario         MB/s${rounds > 1 ? ' (median, min-max)' : ''}  CPU s/GiB  peak RSS MiB`);
    for (const measurement of writes) {
      console.log(
        `${measurement.scenario.padEnd(15)} ${rate(measurement).toFixed(0).padStart(6)}${' '.repeat(rounds > 1 ? 20 : 0)} ${cpuPerGiB([measurement]).toFixed(2).padStart(10)} ${measurement.peakRssMiB.toFixed(0).padStart(13)}`,
      );
    }
    for (const scenario of readScenarios) {
      const values = rates(scenario);
      const spread = rounds > 1 ? ` (${Math.min(...values).toFixed(0)}-${Math.max(...values).toFixed(0)})`.padEnd(20) : '';
      const rss = Math.max(...reads.get(scenario)!.map((measurement) => measurement.peakRssMiB));
      console.log(`${scenario.padEnd(15)} ${median(values).toFixed(0).padStart(6)}${spread} ${cpuPerGiB(reads.get(scenario)!).toFixed(2).padStart(10)} ${rss.toFixed(0).padStart(13)}`);
    }
    const [baseWrite, storeWrite] = writes as [Measurement, Measurement];
    const writeRatio = rate(storeWrite) / rate(baseWrite);
    const readRatio = ratio('store-read', 'baseline-read');
    const peakRss = Math.max(storeWrite.peakRssMiB, ...reads.get('store-read')!.map((measurement) => measurement.peakRssMiB));
    const verdict = (ok: boolean) => (ok ? 'ok' : 'BELOW TARGET');
    console.log(`\nwrite: ${writeRatio.toFixed(2)}x baseline (target >= 0.6x) ${verdict(writeRatio >= 0.6)}`);
    console.log(`read:  ${readRatio.toFixed(2)}x baseline (target >= 0.8x) ${verdict(readRatio >= 0.8)}`);
    console.log(`       ${ratio('store-read', 'reused-read').toFixed(2)}x a plain read into one reused buffer (context: nothing handed on)`);
    console.log(`       ${ratio('store-read', 'hashed-read').toFixed(2)}x that reused-buffer read hashing its blocks on one core`);
    console.log(`       ${ratio('store-read', 'stream-read').toFixed(2)}x the backend's own stream of a copy, unverified`);
    if (reads.has('store-read-workers')) console.log(`       ${ratio('store-read', 'store-read-workers').toFixed(2)}x the store with its hashing workers reading the copy themselves`);
    console.log(`store peak RSS: ${peakRss.toFixed(0)} MiB (target < 150 MB) ${verdict(peakRss * 1.048576 < 150)}`);
    console.log(`load average: ${loadAtStart} at the start, ${loadNow()} at the end (${availableParallelism()} cores)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') {
  const [, , , scenario, dir, size, id, hashThreads] = process.argv;
  await runScenario(scenario as Scenario, dir!, Number(size), id!, hashThreads ? Number(hashThreads) : undefined);
} else {
  await main();
}

/**
 * `pnpm bench` (root: `pnpm bench:storage`): throughput and peak memory of the replicated store
 * writing then reading one object with three copies on local filesystem backends, against
 * baselines measured in the same run on the same disk:
 * - write: the same bytes teed into three files in three directories, then fsynced;
 * - read: a plain sequential read of one of those copies.
 *
 * A third read, plain but hashing every block, shows the floor that verification sets.
 *
 * Each scenario runs in its own child process, so that its peak RSS is its own. The object is
 * 1 GiB unless `--mib N` says otherwise. Reads come from the page cache in both cases (the files
 * were just written and cannot be evicted without root), which is the hardest case for the
 * store's read path: its verification costs show in full instead of hiding behind the disk.
 */
import { spawnSync } from 'node:child_process';
import { createCipheriv, createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileSystemBackend } from '../src/fs/fs-backend.js';
import { type Placement, InMemoryPlacementStore } from '../src/placement.js';
import { DEFAULT_BLOCK_SIZE, ReplicatedStore } from '../src/replicated/replicated-store.js';

const MIB = 1024 * 1024;
const BLOCK = MIB;
const COPIES = ['a', 'b', 'c'];
const self = fileURLToPath(import.meta.url);

type Scenario = 'baseline-write' | 'store-write' | 'baseline-read' | 'hashed-read' | 'store-read';

interface Measurement {
  readonly scenario: Scenario;
  readonly bytes: number;
  readonly seconds: number;
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

/**
 * A plain sequential read of one copy. With `hashBlocks`, each 256 KiB block is also hashed with
 * SHA-256: the least any read that checks its bytes must do, which shows how much of the gap to
 * the plain read is the hash function itself.
 */
async function baselineRead(dir: string, hashBlocks: boolean): Promise<number> {
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

function openStore(dir: string, placements: InMemoryPlacementStore): ReplicatedStore {
  return new ReplicatedStore({
    backends: COPIES.map((copy) => new FileSystemBackend({ id: `fs-${copy}`, jurisdiction: `bench-${copy}`, root: path.join(dir, `store-${copy}`) })),
    policy: { copies: 3, writeQuorum: 2 },
    placements,
    repairs: { report: (need) => console.error('unexpected repair need', need) },
  });
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
async function runScenario(scenario: Scenario, dir: string, size: number, id: string): Promise<void> {
  const started = performance.now();
  let bytes = size;
  switch (scenario) {
    case 'baseline-write':
      await baselineWrite(dir, size);
      break;
    case 'store-write': {
      const placements = new InMemoryPlacementStore();
      const receipt = await openStore(dir, placements).put(id, objectSource(size), size);
      if (receipt.placement.locations.length !== 3) throw new Error(`only ${receipt.placement.locations.length} copies written`);
      savePlacement(dir, receipt.placement);
      break;
    }
    case 'baseline-read':
      bytes = await baselineRead(dir, false);
      break;
    case 'hashed-read':
      bytes = await baselineRead(dir, true);
      break;
    case 'store-read': {
      const placements = new InMemoryPlacementStore();
      await placements.save(loadPlacement(dir));
      const { body } = await openStore(dir, placements).get(id);
      bytes = 0;
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
      break;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  if (bytes !== size) throw new Error(`${scenario} moved ${bytes} bytes, expected ${size}`);
  const measurement: Measurement = { scenario, bytes, seconds, peakRssMiB: process.resourceUsage().maxRSS / 1024 };
  console.log(JSON.stringify(measurement));
}

function runChild(scenario: Scenario, dir: string, size: number, id: string): Measurement {
  const child = spawnSync(process.execPath, ['--import', 'tsx', self, '--child', scenario, dir, String(size), id], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (child.status !== 0) throw new Error(`${scenario} failed with status ${child.status}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as Measurement;
}

async function main(): Promise<void> {
  const mibIndex = process.argv.indexOf('--mib');
  const size = (mibIndex === -1 ? 1024 : Number(process.argv[mibIndex + 1])) * MIB;
  if (!Number.isSafeInteger(size) || size <= 0) throw new Error('--mib takes a positive number');
  const dir = mkdtempSync(path.join(tmpdir(), 'coffre-storage-bench-'));
  try {
    console.log(`storage bench: one ${size / MIB} MiB object, 3 copies on local filesystem backends in ${dir}`);
    const id = await objectId(size);
    const results = (['baseline-write', 'store-write', 'baseline-read', 'hashed-read', 'store-read'] as const).map((scenario) =>
      runChild(scenario, dir, size, id),
    );
    const rate = (measurement: Measurement) => measurement.bytes / MIB / measurement.seconds;
    console.log('\nscenario         MB/s      s  peak RSS MiB');
    for (const measurement of results) {
      console.log(
        `${measurement.scenario.padEnd(15)} ${rate(measurement).toFixed(0).padStart(6)} ${measurement.seconds.toFixed(2).padStart(6)} ${measurement.peakRssMiB.toFixed(0).padStart(13)}`,
      );
    }
    const [baseWrite, storeWrite, baseRead, hashedRead, storeRead] = results as [Measurement, Measurement, Measurement, Measurement, Measurement];
    const writeRatio = rate(storeWrite) / rate(baseWrite);
    const readRatio = rate(storeRead) / rate(baseRead);
    const peakRss = Math.max(storeWrite.peakRssMiB, storeRead.peakRssMiB);
    const verdict = (ok: boolean) => (ok ? 'ok' : 'BELOW TARGET');
    console.log(`\nwrite: ${writeRatio.toFixed(2)}x baseline (target >= 0.6x) ${verdict(writeRatio >= 0.6)}`);
    console.log(`read:  ${readRatio.toFixed(2)}x baseline (target >= 0.8x) ${verdict(readRatio >= 0.8)}`);
    console.log(`       ${(rate(storeRead) / rate(hashedRead)).toFixed(2)}x a plain read that only hashes its blocks (the verification floor)`);
    console.log(`store peak RSS: ${peakRss.toFixed(0)} MiB (target < 150 MB) ${verdict(peakRss * 1.048576 < 150)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') {
  const [, , , scenario, dir, size, id] = process.argv;
  await runScenario(scenario as Scenario, dir!, Number(size), id!);
} else {
  await main();
}

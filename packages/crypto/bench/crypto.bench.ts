/**
 * `pnpm bench:crypto`: throughput and peak memory of file format v1, against raw node:crypto
 * AES-256-GCM over the same bytes and against `age` on the same file, measured in the same run.
 *
 * Every scenario runs in its own child process so that its peak RSS is its own. Sizes default to
 * 1 GiB (COFFRE_BENCH_MIB overrides, e.g. 256 for a quick look).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, openSync, readSync, closeSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decryptStream, encryptStream } from '../src/file/index.node.js';
import { fileSink, fileSource } from './node-files.js';

const MIB = 1024 * 1024;
const SIZE = Number(process.env.COFFRE_BENCH_MIB ?? 1024) * MIB;
const BLOCK = MIB;
const KEY = new Uint8Array(32).fill(7);
const CONTEXT = new TextEncoder().encode('bench');
const CHUNK_SIZE = Number(process.env.COFFRE_BENCH_CHUNK_KIB ?? 256) * 1024;
const self = fileURLToPath(import.meta.url);

/** Plaintext source: SIZE bytes in 1 MiB blocks, each stamped with its index so sinks can check order. */
function plaintextSource(): ReadableStream<Uint8Array> {
  const pattern = randomBytes(BLOCK);
  let produced = 0;
  return new ReadableStream({
    pull(controller) {
      if (produced >= SIZE) return controller.close();
      const block = new Uint8Array(Math.min(BLOCK, SIZE - produced));
      block.set(pattern.subarray(0, block.length));
      new DataView(block.buffer).setUint32(0, produced / BLOCK);
      produced += block.length;
      controller.enqueue(block);
    },
  }, { highWaterMark: 0 });
}

/** A sink that counts bytes and, for plaintext, checks every block's stamp (order and content). */
function countingSink(checkStamps: boolean): { sink: WritableStream<Uint8Array>; total: () => number } {
  let total = 0;
  return {
    total: () => total,
    sink: new WritableStream({
      write(chunk) {
        if (checkStamps) {
          for (let offset = (BLOCK - (total % BLOCK)) % BLOCK; offset < chunk.length; offset += BLOCK) {
            const expected = (total + offset) / BLOCK;
            if (new DataView(chunk.buffer, chunk.byteOffset + offset, 4).getUint32(0) !== expected) {
              throw new Error(`plaintext block ${expected} is wrong`);
            }
          }
        }
        total += chunk.length;
      },
    }),
  };
}

/** The baseline: one node:crypto AES-256-GCM over the whole stream, tag at the end. */
function rawEncrypt(): TransformStream<Uint8Array, Uint8Array> {
  const gcm = createCipheriv('aes-256-gcm', KEY, new Uint8Array(12));
  return new TransformStream({
    transform: (chunk, controller) => controller.enqueue(gcm.update(chunk)),
    flush: (controller) => {
      controller.enqueue(gcm.final());
      controller.enqueue(gcm.getAuthTag());
    },
  });
}

function rawDecrypt(tag: Uint8Array): TransformStream<Uint8Array, Uint8Array> {
  const gcm = createDecipheriv('aes-256-gcm', KEY, new Uint8Array(12));
  gcm.setAuthTag(tag);
  return new TransformStream({
    transform: (chunk, controller) => controller.enqueue(gcm.update(chunk)),
    flush: () => void gcm.final(),
  });
}

const webFileSource = (file: string, end?: number) => fileSource(file, BLOCK, end);
const webFileSink = (file: string) => fileSink(file);

/** The scenarios, each run alone in a child process. */
const scenarios: Record<string, (dir: string) => Promise<number>> = {
  async 'memory-encrypt-raw'() {
    const { sink, total } = countingSink(false);
    await plaintextSource().pipeThrough(rawEncrypt()).pipeTo(sink);
    return total();
  },
  async 'memory-encrypt-coffre'() {
    const { sink, total } = countingSink(false);
    await plaintextSource().pipeThrough(encryptStream({ key: KEY, context: CONTEXT, plaintextLength: SIZE, chunkSize: CHUNK_SIZE })).pipeTo(sink);
    return total();
  },
  // The decrypt scenarios read ciphertext prepared in tmpfs (memory), not held in the process.
  async 'memory-decrypt-raw'(dir) {
    const { sink, total } = countingSink(true);
    const file = path.join(dir, 'raw.ct');
    const tag = Buffer.alloc(16);
    const fd = openSync(file, 'r');
    readSync(fd, tag, 0, 16, SIZE);
    closeSync(fd);
    await webFileSource(file, SIZE).pipeThrough(rawDecrypt(tag)).pipeTo(sink);
    return total();
  },
  async 'memory-decrypt-coffre'(dir) {
    const { sink, total } = countingSink(true);
    await webFileSource(path.join(dir, 'coffre.ct')).pipeThrough(decryptStream({ key: KEY, context: CONTEXT })).pipeTo(sink);
    return total();
  },
  async 'prepare-ciphertexts'(dir) {
    await plaintextSource().pipeThrough(rawEncrypt()).pipeTo(webFileSink(path.join(dir, 'raw.ct')));
    await plaintextSource().pipeThrough(encryptStream({ key: KEY, context: CONTEXT, plaintextLength: SIZE, chunkSize: CHUNK_SIZE })).pipeTo(webFileSink(path.join(dir, 'coffre.ct')));
    return SIZE;
  },
  async 'prepare-plaintext-file'(dir) {
    await plaintextSource().pipeThrough(new TransformStream()).pipeTo(webFileSink(path.join(dir, 'plain.bin')));
    return SIZE;
  },
  async 'file-encrypt-coffre'(dir) {
    const input = path.join(dir, 'plain.bin');
    await webFileSource(input)
      .pipeThrough(encryptStream({ key: KEY, context: CONTEXT, plaintextLength: statSync(input).size, chunkSize: CHUNK_SIZE }))
      .pipeTo(webFileSink(path.join(dir, 'plain.bin.cfre')));
    return SIZE;
  },
  async 'file-encrypt-raw'(dir) {
    await webFileSource(path.join(dir, 'plain.bin')).pipeThrough(rawEncrypt()).pipeTo(webFileSink(path.join(dir, 'plain.bin.raw')));
    return SIZE;
  },
  async 'file-decrypt-raw'(dir) {
    const file = path.join(dir, 'plain.bin.raw');
    const tag = Buffer.alloc(16);
    const fd = openSync(file, 'r');
    readSync(fd, tag, 0, 16, SIZE);
    closeSync(fd);
    await webFileSource(file, SIZE).pipeThrough(rawDecrypt(tag)).pipeTo(webFileSink(path.join(dir, 'plain.bin.raw.out')));
    return SIZE;
  },
  async 'file-decrypt-coffre'(dir) {
    await webFileSource(path.join(dir, 'plain.bin.cfre'))
      .pipeThrough(decryptStream({ key: KEY, context: CONTEXT }))
      .pipeTo(webFileSink(path.join(dir, 'plain.bin.out')));
    return SIZE;
  },
};

interface Measurement {
  seconds: number;
  peakRssMiB: number;
  bytes: number;
}

function runChild(name: string, dir: string): Measurement {
  const result = spawnSync(process.execPath, [...process.execArgv, self, '--scenario', name, dir], {
    encoding: 'utf8',
    env: process.env,
    maxBuffer: 16 * MIB,
  });
  if (result.status !== 0) throw new Error(`scenario ${name} failed:\n${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop()!) as Measurement;
}

function timeCommand(command: string, args: string[]): Measurement {
  const started = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-f', '%M', command, ...args], { encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr}`);
  const peakKiB = Number(result.stderr.trim().split('\n').pop());
  return { seconds, peakRssMiB: peakKiB / 1024, bytes: SIZE };
}

const mbps = (m: Measurement) => m.bytes / 1e6 / m.seconds;
const fmt = (n: number, digits = 0) => n.toFixed(digits).padStart(7);

async function main() {
  const scenarioIndex = process.argv.indexOf('--scenario');
  if (scenarioIndex !== -1) {
    const name = process.argv[scenarioIndex + 1]!;
    const dir = process.argv[scenarioIndex + 2]!;
    const started = process.hrtime.bigint();
    const bytes = await scenarios[name]!(dir);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(JSON.stringify({ seconds, bytes, peakRssMiB: process.resourceUsage().maxRSS / 1024 }));
    return;
  }

  const memoryDir = mkdtempSync(path.join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'coffre-bench-'));
  const diskDir = mkdtempSync(path.join(tmpdir(), 'coffre-bench-'));
  try {
    console.log(`file format v1, ${SIZE / MIB} MiB, chunk size ${CHUNK_SIZE / 1024} KiB, node ${process.version}\n`);
    runChild('prepare-ciphertexts', memoryDir);
    const rows: Array<[string, Measurement, Measurement]> = [];
    const pair = (label: string, ours: string, baseline: string, dir: string) => {
      const base = runChild(baseline, dir);
      rows.push([label, runChild(ours, dir), base]);
    };
    pair('in memory, encrypt', 'memory-encrypt-coffre', 'memory-encrypt-raw', memoryDir);
    pair('in memory, decrypt', 'memory-decrypt-coffre', 'memory-decrypt-raw', memoryDir);
    rmSync(memoryDir, { recursive: true, force: true });

    runChild('prepare-plaintext-file', diskDir);
    const plain = path.join(diskDir, 'plain.bin');
    const hasAge = spawnSync('sh', ['-c', 'command -v age && command -v age-keygen'], { stdio: 'ignore' }).status === 0;
    let ageEncrypt: Measurement | undefined;
    let ageDecrypt: Measurement | undefined;
    if (hasAge) {
      const identity = path.join(diskDir, 'age.key');
      execFileSync('age-keygen', ['-o', identity], { stdio: 'ignore' });
      const recipient = execFileSync('age-keygen', ['-y', identity], { encoding: 'utf8' }).trim();
      ageEncrypt = timeCommand('age', ['-r', recipient, '-o', `${plain}.age`, plain]);
      ageDecrypt = timeCommand('age', ['-d', '-i', identity, '-o', `${plain}.age.out`, `${plain}.age`]);
      rmSync(`${plain}.age.out`, { force: true });
    }
    const fileEncryptRaw = runChild('file-encrypt-raw', diskDir);
    const fileDecryptRaw = runChild('file-decrypt-raw', diskDir);
    rmSync(path.join(diskDir, 'plain.bin.raw'), { force: true });
    rmSync(path.join(diskDir, 'plain.bin.raw.out'), { force: true });
    const fileEncrypt = runChild('file-encrypt-coffre', diskDir);
    const fileDecrypt = runChild('file-decrypt-coffre', diskDir);
    rows.push(['file to file, encrypt', fileEncrypt, fileEncryptRaw]);
    rows.push(['file to file, decrypt', fileDecrypt, fileDecryptRaw]);
    if (ageEncrypt && ageDecrypt) {
      rows.push(['file to file, encrypt', fileEncrypt, ageEncrypt]);
      rows.push(['file to file, decrypt', fileDecrypt, ageDecrypt]);
    }
    const roundTrip = execFileSync('cmp', [plain, path.join(diskDir, 'plain.bin.out')], { encoding: 'utf8' });
    if (roundTrip !== '') throw new Error('file round trip differs');

    console.log('scenario                 | Coffre MB/s | Coffre RSS MiB | baseline              | baseline MB/s | baseline RSS MiB | ratio');
    console.log('-------------------------|-------------|----------------|-----------------------|---------------|------------------|------');
    for (const [label, ours, base] of rows) {
      const baseline = base === ageEncrypt || base === ageDecrypt ? '`age` (Debian)' : 'raw node:crypto GCM';
      console.log(
        `${label.padEnd(24)} | ${fmt(mbps(ours))}     | ${fmt(ours.peakRssMiB)}        | ${baseline.padEnd(21)} | ${fmt(mbps(base))}       | ${fmt(base.peakRssMiB)}          | ${(mbps(ours) / mbps(base)).toFixed(2)}x`,
      );
    }
    if (!hasAge) console.log('\n`age` is not installed (apt-get install age): file-to-file baseline skipped.');
  } finally {
    rmSync(memoryDir, { recursive: true, force: true });
    rmSync(diskDir, { recursive: true, force: true });
  }
}

await main();

// `pnpm --filter @coffre/db generate`: writes the Prisma client into src/generated/ (git-ignored).
//
// build, typecheck and test each run this first, and turbo may start them at the same time, so
// runs take a lock and skip the work when the client on disk was generated from the same schema
// by the same Prisma: a reader never sees a half-written client.
//
// Offline: the Prisma CLI wants its native schema engine on disk before any command and
// downloads it otherwise, although `generate` never runs it. Pointing
// PRISMA_SCHEMA_ENGINE_BINARY at any existing file (here, the running node binary) satisfies
// the check; migrations use the WebAssembly engine instead (src/schema-engine.ts).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const schemaPath = join(packageRoot, 'prisma', 'schema.prisma');
const generatedDir = join(packageRoot, 'src', 'generated');
const stampPath = join(generatedDir, '.inputs-sha256');
const lockDir = join(packageRoot, '.generate.lock');
const STALE_LOCK_MS = 120_000;

const require = createRequire(import.meta.url);
const prismaPackagePath = require.resolve('prisma/package.json');
const prismaPackage = JSON.parse(readFileSync(prismaPackagePath, 'utf8')) as { version: string; bin: { prisma: string } };
const clientVersion = (JSON.parse(readFileSync(require.resolve('@prisma/client/package.json'), 'utf8')) as { version: string })
  .version;

/** What the generated client depends on: a change to any of them regenerates it. */
function inputsHash(): string {
  return createHash('sha256')
    .update(readFileSync(schemaPath))
    .update(`\0prisma@${prismaPackage.version}\0@prisma/client@${clientVersion}`)
    .digest('hex');
}

function readStamp(): string | undefined {
  try {
    return readFileSync(stampPath, 'utf8');
  } catch {
    return undefined;
  }
}

/** mkdir is atomic: whoever creates the directory holds the lock. */
async function acquireLock(): Promise<void> {
  for (;;) {
    try {
      mkdirSync(lockDir);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A run killed mid-way leaves its lock behind; generation takes seconds, not minutes.
      const lock = statSync(lockDir, { throwIfNoEntry: false });
      if (lock && Date.now() - lock.mtimeMs > STALE_LOCK_MS) rmSync(lockDir, { recursive: true, force: true });
      await sleep(100);
    }
  }
}

function runPrismaGenerate(): void {
  const cli = join(dirname(prismaPackagePath), prismaPackage.bin.prisma);
  const result = spawnSync(process.execPath, [cli, 'generate', '--schema', schemaPath], {
    cwd: packageRoot,
    stdio: 'inherit',
    env: {
      ...process.env,
      CHECKPOINT_DISABLE: '1',
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
      PRISMA_SCHEMA_ENGINE_BINARY: process.env['PRISMA_SCHEMA_ENGINE_BINARY'] || process.execPath,
    },
  });
  if (result.status !== 0) {
    throw new Error(`prisma generate failed (${result.error?.message ?? `exit code ${result.status}`})`);
  }
}

await acquireLock();
try {
  const hash = inputsHash();
  if (readStamp() === hash) {
    console.log('Prisma client is up to date.');
  } else {
    rmSync(generatedDir, { recursive: true, force: true });
    runPrismaGenerate();
    writeFileSync(stampPath, hash);
  }
} finally {
  rmSync(lockDir, { recursive: true, force: true });
}

// V8 settings that keep the API's resident memory small, applied by importing this module first
// (main.ts does), before the rest of the API is loaded. They are set from inside the process so
// that every way of starting the API (`pnpm start`, `node dist/main.js`, the drive benchmark) runs
// with them; command-line flags would hold only where someone remembered to pass them. The C
// allocator's settings cannot be set from inside: bin/coffre-api puts them in the environment.
import { setFlagsFromString } from 'node:v8';

/**
 * The flags, each with the reason it is here. Figures: the built API on Postgres, idle after start
 * and at its peak while a 200 MiB file goes up and down (Node 20, 2 cores).
 *
 * `--liftoff-only`: WebAssembly runs on V8's baseline compiler only. Prisma's schema engine
 * (5.4 MB of wasm, run once at start-up for migrations) and query compiler (3.4 MB, run once per
 * query shape: Prisma caches the plans) are otherwise re-compiled by the optimizing compiler as
 * they get hot, and the C allocator keeps that compiler's working memory for the life of the
 * process: 260 -> 197 MiB idle, and 2,000 queries on Prisma alone 255 -> 157 MiB, no slower
 * (measured within noise: the compiler runs once per shape). V8 reads it at each compilation.
 *
 * `--semi-space-growth-factor=1`: the young generation stays at its initial size (two 1 MiB
 * semi-spaces) instead of growing to two 16 MiB ones. A streaming server's young objects are
 * small (request state, Buffer handles whose bytes live outside the heap), and a transfer cycles
 * through the whole young generation, making all of it resident: peak 264 -> 224 MiB, the same
 * as `--max-semi-space-size=1` on the command line. V8 reads it each time the young generation
 * would grow, so setting it here, before any module of the API runs, holds for the whole run.
 */
export const API_V8_FLAGS: readonly string[] = ['--liftoff-only', '--semi-space-growth-factor=1'];

for (const flag of API_V8_FLAGS) setFlagsFromString(flag);

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { apiEntry, cliDir } from './paths.js';

/** Compiles the CLI as `pnpm build` does, and checks the API was built (turbo builds it first). */
export default async function setup(): Promise<void> {
  await promisify(execFile)('pnpm', ['exec', 'tsc', '-p', 'tsconfig.build.json'], { cwd: cliDir });
  if (!existsSync(apiEntry)) throw new Error(`${apiEntry} is missing: build the API first (pnpm build, or pnpm --filter @coffre/api build).`);
}

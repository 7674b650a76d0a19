// Brings a fresh checkout to a runnable state: pnpm, dependencies, and the system programs the
// platform and its tests need. Used by `npm start` and `npm test`, so both work on a machine
// that has nothing but Node.js.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const repoRoot = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const PNPM_VERSION = '12.21.0';

export const quietEnv = {
  NEXT_TELEMETRY_DISABLED: '1',
  CHECKPOINT_DISABLE: '1',
  TURBO_TELEMETRY_DISABLED: '1',
  DO_NOT_TRACK: '1',
};

export function log(message) {
  process.stdout.write(`\x1b[36m[coffre]\x1b[0m ${message}\n`);
}

export function fail(message) {
  process.stderr.write(`\x1b[31m[coffre]\x1b[0m ${message}\n`);
  process.exit(1);
}

export function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    cwd: repoRoot,
    stdio: 'inherit',
    env: { ...process.env, ...quietEnv, ...(options.env ?? {}) },
  });
  if (result.status !== 0) {
    fail(`\`${command} ${args.join(' ')}\` failed (exit ${result.status ?? result.signal}).`);
  }
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Installs a Debian package when we may (root with apt-get); otherwise says how. */
export function ensureSystemPackage(binary, debianPackage, why) {
  if (hasCommand(binary) || existsSync(binary)) return true;
  if (isRoot && hasCommand('apt-get')) {
    log(`installing ${debianPackage} (${why})`);
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    const install = spawnSync('apt-get', ['install', '-y', '-qq', debianPackage], { stdio: 'inherit' });
    if (update.status === 0 && install.status === 0) return true;
  }
  return false;
}

export function ensurePnpm() {
  if (hasCommand('pnpm')) {
    const version = execFileSync('pnpm', ['--version'], { encoding: 'utf8' }).trim();
    if (version === PNPM_VERSION) return;
  }
  log(`installing pnpm ${PNPM_VERSION}`);
  run('npm', ['install', '--global', `pnpm@${PNPM_VERSION}`]);
}

/** Installs workspace dependencies when the lockfile is newer than the installed tree. */
export function ensureDependencies() {
  ensurePnpm();
  const marker = path.join(repoRoot, 'node_modules', '.modules.yaml');
  const lockfile = path.join(repoRoot, 'pnpm-lock.yaml');
  const stale = !existsSync(marker) || statSync(lockfile).mtimeMs > statSync(marker).mtimeMs;
  if (stale || process.env.CI) {
    log('installing dependencies');
    run('pnpm', ['install', '--frozen-lockfile']);
  }
}

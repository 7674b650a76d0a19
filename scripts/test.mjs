// `npm test`: the whole suite, from a fresh checkout. Installs what is missing, builds every
// package and app, then runs lint, type checks, unit, integration and browser tests.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ensureDependencies, ensureSystemPackage, fail, log, quietEnv, repoRoot, run } from './lib/bootstrap.mjs';

const resultsDir = path.join(repoRoot, 'test-results');

ensureDependencies();
if (!ensureSystemPackage('chromium', 'chromium', 'browser tests')) {
  fail('Chromium is needed for the browser tests: install it with `apt-get install -y chromium`.');
}
const services = [
  ['pg_isready', ['-q', '-h', '127.0.0.1', '-p', '5432'], 'PostgreSQL on 127.0.0.1:5432'],
  ['redis-cli', ['-h', '127.0.0.1', '-p', '6379', 'ping'], 'Redis on 127.0.0.1:6379'],
];
for (const [command, args, what] of services) {
  if (spawnSync(command, args, { stdio: 'ignore' }).status !== 0) {
    fail(`${what} does not answer; the integration tests need it (see README, "Running the tests").`);
  }
}

const started = Date.now();
rmSync(resultsDir, { recursive: true, force: true });
log('building');
run('pnpm', ['turbo', 'run', 'build', '--concurrency=2', '--output-logs=errors-only']);
log('lint');
run('pnpm', ['run', 'lint']);
log('type checks and tests');
const status = spawnSync('pnpm', ['turbo', 'run', 'typecheck', 'test', '--concurrency=1', '--output-logs=full', '--continue'], {
  cwd: repoRoot,
  stdio: 'inherit',
  env: { ...process.env, ...quietEnv },
}).status;

// One total for the whole repository, from each package's vitest JSON report.
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of existsSync(resultsDir) ? readdirSync(resultsDir) : []) {
  const report = JSON.parse(readFileSync(path.join(resultsDir, file), 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
}
const seconds = Math.round((Date.now() - started) / 1000);
log(`tests finished in ${seconds} s`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
if (status !== 0 || failed > 0) fail('the suite failed (see above).');
if (passed === 0) fail('no test ran.');

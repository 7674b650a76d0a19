// `npm test`: the whole suite, from a fresh checkout. Installs what is missing, builds every
// package and app, then runs lint, type checks, unit, integration and browser tests.
import { spawnSync } from 'node:child_process';
import { ensureDependencies, ensureSystemPackage, fail, log, run } from './lib/bootstrap.mjs';

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
log('building');
run('pnpm', ['turbo', 'run', 'build', '--concurrency=2', '--output-logs=errors-only']);
log('lint');
run('pnpm', ['run', 'lint']);
log('type checks and tests');
run('pnpm', ['turbo', 'run', 'typecheck', 'test', '--concurrency=1', '--output-logs=full', '--continue']);
log(`all checks passed in ${Math.round((Date.now() - started) / 1000)} s`);

// `npm start`: the whole platform on embedded defaults. Builds what is missing, makes sure a
// Redis answers (the running one, else one started here), then runs the API (embedded PGlite
// and three local storage directories unless configured otherwise), the web drive and MegaBox,
// and prints their URLs. Ctrl-C stops everything this script started.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ensureDependencies, fail, hasCommand, log, quietEnv, repoRoot, run } from './lib/bootstrap.mjs';

const dataDir = path.resolve(process.env.COFFRE_DATA_DIR ?? path.join(repoRoot, '.coffre'));
const ports = {
  api: Number(process.env.COFFRE_API_PORT ?? 4000),
  web: Number(process.env.COFFRE_WEB_PORT ?? 3000),
  megabox: Number(process.env.COFFRE_MEGABOX_PORT ?? 3001),
};
const children = [];

function redisAnswers(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

async function ensureRedis() {
  if (process.env.REDIS_URL) {
    if (await redisAnswers(process.env.REDIS_URL)) return process.env.REDIS_URL;
    fail(`REDIS_URL=${process.env.REDIS_URL} does not answer.`);
  }
  const local = 'redis://127.0.0.1:6379';
  if (await redisAnswers(local)) return local;
  if (!hasCommand('redis-server')) {
    fail('Coffre needs Redis for its background jobs and none answers on 127.0.0.1:6379.\n' +
      '  Install it (Debian/Ubuntu: `sudo apt-get install redis-server`), or set REDIS_URL to a running one.');
  }
  const port = 6390;
  const url = `redis://127.0.0.1:${port}`;
  const dir = path.join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  log(`starting redis-server on 127.0.0.1:${port} (data in ${path.relative(repoRoot, dir)})`);
  start('redis', 'redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', '']);
  for (let i = 0; i < 50; i++) {
    if (await redisAnswers(url)) return url;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  fail('redis-server did not start.');
}

function start(name, command, args, env = {}, cwd = repoRoot) {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...quietEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = `\x1b[2m${name.padEnd(7)}|\x1b[0m `;
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream.on('data', (data) => {
      const lines = (rest + data.toString()).split('\n');
      rest = lines.pop();
      for (const line of lines) process.stdout.write(prefix + line + '\n');
    });
  }
  child.on('exit', (code, signal) => {
    if (!stopping) {
      log(`${name} exited (${code ?? signal}); stopping the platform`);
      stop(1);
    }
  });
  children.push(child);
  return child;
}

let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 3000).unref();
  Promise.all(children.map((child) => (child.exitCode === null ? new Promise((r) => child.once('exit', r)) : null))).then(() => process.exit(code));
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

async function waitForHttp(url, name) {
  for (let i = 0; i < 600; i++) {
    if (stopping) return;
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  log(`${name} did not answer on ${url}`);
  stop(1);
}

ensureDependencies();
log('building (turbo caches what has not changed)');
run('pnpm', ['turbo', 'run', 'build', '--concurrency=2', '--output-logs=errors-only']);
mkdirSync(dataDir, { recursive: true });
const redisUrl = await ensureRedis();

const apiUrl = `http://127.0.0.1:${ports.api}`;
// Through its launcher, which sets the C allocator's environment (apps/api/bin/coffre-api).
start('api', path.join(repoRoot, 'apps/api/bin/coffre-api'), [], {
  PORT: String(ports.api),
  COFFRE_DATA_DIR: dataDir,
  REDIS_URL: redisUrl,
  COFFRE_PUBLIC_URL: apiUrl,
});
const nextBin = (app) => path.join(repoRoot, 'apps', app, 'node_modules', 'next', 'dist', 'bin', 'next');
// Each app runs in its own directory, as `next start` in a deployment does: route handlers read
// build files relative to it (the web drive's /release-manifest.json).
const appDir = (app) => path.join(repoRoot, 'apps', app);
start('web', process.execPath, [nextBin('web'), 'start', '-p', String(ports.web), '-H', '127.0.0.1'], { COFFRE_API_URL: apiUrl }, appDir('web'));
start('megabox', process.execPath, [nextBin('megabox'), 'start', '-p', String(ports.megabox), '-H', '127.0.0.1'], { COFFRE_API_URL: apiUrl }, appDir('megabox'));

await Promise.all([
  waitForHttp(`${apiUrl}/api/health`, 'the API'),
  waitForHttp(`http://127.0.0.1:${ports.web}/`, 'the web drive'),
  waitForHttp(`http://127.0.0.1:${ports.megabox}/`, 'MegaBox'),
]);
if (!stopping) {
  const database = process.env.DATABASE_URL ? 'PostgreSQL at DATABASE_URL' : `embedded PGlite in ${path.relative(repoRoot, dataDir)}/pglite`;
  process.stdout.write(`
  Coffre is running (${database}; Redis at ${redisUrl}):

    web drive   http://127.0.0.1:${ports.web}
    MegaBox     http://127.0.0.1:${ports.megabox}
    API         ${apiUrl}/api   (OpenAPI: ${apiUrl}/api/docs)

  Ctrl-C stops everything.
`);
}

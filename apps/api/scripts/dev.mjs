// `pnpm dev`: recompile on change and restart the API on every new build. Nest needs decorator
// metadata, which tsc emits, so development runs the same compiled output as production.
import { spawn } from 'node:child_process';

const compiler = spawn('pnpm', ['exec', 'tsc', '-p', 'tsconfig.build.json', '--watch', '--preserveWatchOutput'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
let server;

// Start the server after the first clean compile; from then on `node --watch` restarts it
// whenever tsc rewrites dist/.
compiler.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  if (server === undefined && /Found 0 errors/.test(chunk.toString())) {
    server = spawn(process.execPath, ['--watch', '--enable-source-maps', 'dist/main.js'], { stdio: 'inherit' });
    server.on('exit', () => stop('SIGTERM'));
  }
});

function stop(signal) {
  compiler.kill(signal);
  server?.kill(signal);
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
compiler.on('exit', () => server?.kill('SIGTERM'));

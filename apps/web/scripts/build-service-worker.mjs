// Bundles the downloads Service Worker (lib/downloads/sw/service-worker.ts) into
// public/coffre-sw.js. A Service Worker's scope is at most the folder of its script, and it must
// control the pages (an <audio> element's requests reach only the worker of the page's origin and
// scope), so it is served from the root; Turbopack has no Service Worker entry, hence esbuild.
// Deterministic: the same sources give the same bytes (no timestamps, no absolute paths).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const appDir = fileURLToPath(new URL('..', import.meta.url));

await build({
  absWorkingDir: appDir,
  entryPoints: ['lib/downloads/sw/service-worker.ts'],
  outfile: 'public/coffre-sw.js',
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  conditions: ['browser'],
  minify: process.env.NODE_ENV !== 'development',
  legalComments: 'none',
  logLevel: 'warning',
});

// Bundles the compiled CLI (dist/bin.js and everything it imports, workspace packages and npm
// dependencies alike) into one module, dist/coffre.mjs, which bin/coffre.js loads. Every command
// is a new process, and resolving, reading and compiling a few hundred modules one by one was
// most of a command's start-up: about 0.6 CPU s of each `coffre` run (docs/benchmarks.md).
// Deterministic: the same sources give the same bytes.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const appDir = fileURLToPath(new URL('..', import.meta.url));

await build({
  absWorkingDir: appDir,
  entryPoints: ['dist/bin.js'],
  outfile: 'dist/coffre.mjs',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Dependencies published as CommonJS call require(), which an ES module lacks.
  banner: { js: "import { createRequire as createRequireForBundle } from 'node:module';\nconst require = createRequireForBundle(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
});

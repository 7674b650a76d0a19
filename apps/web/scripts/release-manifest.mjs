// Writes `.next/release-manifest.json` after `next build`: the SHA-256 of every file the server
// delivers as is (the hashed chunks under `/_next/static/`, `public/`, and routes rendered once at
// build, such as the icon). The app serves it at
// `/release-manifest.json` (app/release-manifest.json/route.ts) and `coffre verify-web` checks a
// deployment against it: every served asset must be listed and have the listed bytes.
//
// Pages themselves are rendered per request (each carries a fresh CSP nonce), so they cannot be
// listed; what they load can, and the CLI checks that pages load nothing that is not listed.
import { createHash } from 'node:crypto';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const APP_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FORMAT = 'coffre-release-manifest/v1';

/** Every file below `dir`, as paths relative to it with `/` separators, sorted. */
async function filesBelow(dir) {
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    if (error.code === 'ENOENT') return [];
    throw error;
  }
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

async function sha256(file) {
  return createHash('sha256').update(await readFile(file)).digest('hex');
}

const nextDir = path.join(APP_DIR, '.next');
const packageJson = JSON.parse(await readFile(path.join(APP_DIR, 'package.json'), 'utf8'));
const buildId = (await readFile(path.join(nextDir, 'BUILD_ID'), 'utf8')).trim();
const assets = {};
for (const file of await filesBelow(path.join(nextDir, 'static'))) assets[`/_next/static/${file}`] = await sha256(path.join(nextDir, 'static', file));
for (const file of await filesBelow(path.join(APP_DIR, 'public'))) assets[`/${file}`] = await sha256(path.join(APP_DIR, 'public', file));
// Routes Next.js rendered once at build and serves as stored bytes (metadata such as /icon.svg).
// HTML and React Server Component payloads are left out: pages are rendered per request.
const appServerDir = path.join(nextDir, 'server', 'app');
for (const file of await filesBelow(appServerDir)) {
  if (!file.endsWith('.meta')) continue;
  const meta = JSON.parse(await readFile(path.join(appServerDir, file), 'utf8'));
  const contentType = String(meta.headers?.['content-type'] ?? '');
  const body = path.join(appServerDir, file.replace(/\.meta$/, '.body'));
  if (contentType === '' || contentType.startsWith('text/html') || contentType.startsWith('text/x-component')) continue;
  try {
    assets[`/${file.replace(/\.meta$/, '')}`] = await sha256(body);
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
  }
}

const manifest = { format: FORMAT, app: packageJson.name, version: packageJson.version, buildId, algorithm: 'sha256', assets };
const text = `${JSON.stringify(manifest, null, 2)}\n`;
await writeFile(path.join(nextDir, 'release-manifest.json'), text);
console.log(`release manifest: ${Object.keys(assets).length} assets, sha256 ${createHash('sha256').update(text).digest('hex')}`);

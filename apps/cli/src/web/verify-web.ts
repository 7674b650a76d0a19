// Checks a deployed Coffre web app against its release manifest: every asset the manifest lists
// must be served with exactly the listed bytes, and the pages must load nothing else (no
// unlisted asset, no other host), with Subresource Integrity hashes that match what is served.
// This is what a person runs to see that the JavaScript their browser gets is the release's.
import { createHash } from 'node:crypto';
import { pageAssets } from './page-assets.js';
import { ManifestError, type ReleaseManifest, RELEASE_MANIFEST_PATH, parseReleaseManifest } from './release-manifest.js';

/** Pages checked when none are given: the landing page and the account pages. */
export const DEFAULT_PAGES = ['/', '/login', '/signup'] as const;
/** Downloads in flight at once. */
const CONCURRENCY = 8;

export type ProblemKind =
  /** An asset's bytes differ from the manifest. */
  | 'digest-mismatch'
  /** An asset the manifest lists is not served. */
  | 'missing'
  /** A page loads an asset the manifest does not list. */
  | 'unlisted'
  /** A page loads something from another host. */
  | 'offsite'
  /** A page's `integrity` attribute does not match the bytes served. */
  | 'integrity-mismatch'
  /** The manifest is not the one expected (`--expect`). */
  | 'manifest-pin'
  /** A page could not be loaded. */
  | 'page-unavailable';

export interface Problem {
  kind: ProblemKind;
  url: string;
  detail: string;
}

export interface VerifyWebReport {
  origin: string;
  manifest: { app: string; version: string; buildId: string; sha256: string; assets: number };
  /** Listed assets served with the listed bytes. */
  verifiedAssets: number;
  pages: { path: string; assets: number }[];
  problems: Problem[];
}

export interface VerifyWebOptions {
  /** The web app's origin, e.g. `https://drive.coffre.example`. */
  url: string;
  /** Paths of the pages whose assets are checked; {@link DEFAULT_PAGES} otherwise. */
  pages?: readonly string[];
  /** SHA-256 (hex) the served manifest must have, e.g. from the release notes. */
  expectManifestSha256?: string;
  fetch: typeof fetch;
}

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Whether `bytes` match an `integrity` attribute (any of its hashes, per the SRI spec §3.3.5). */
function matchesIntegrity(integrity: string, bytes: Uint8Array): boolean {
  const hashes = integrity.trim().split(/\s+/).map((entry) => /^(sha256|sha384|sha512)-([A-Za-z0-9+/=]+)/.exec(entry)).filter((match) => match !== null);
  if (hashes.length === 0) return false;
  return hashes.some(([, algorithm, digest]) => createHash(algorithm!).update(bytes).digest('base64') === digest);
}

async function inBatches<T>(items: readonly T[], run: (item: T) => Promise<void>): Promise<void> {
  for (let start = 0; start < items.length; start += CONCURRENCY) await Promise.all(items.slice(start, start + CONCURRENCY).map(run));
}

/**
 * Verifies the web app at `options.url`. Problems are reported, not thrown: the report lists
 * every one, and an empty list means the deployment is the release.
 * @throws ManifestError when the manifest is missing or malformed (nothing can be checked);
 *   TypeError for a URL that is not http(s).
 */
export async function verifyWeb(options: VerifyWebOptions): Promise<VerifyWebReport> {
  const base = new URL(options.url);
  if (base.protocol !== 'https:' && base.protocol !== 'http:') throw new TypeError(`${options.url} is not an http(s) URL`);
  const origin = base.origin;
  const get = async (url: string) => {
    // no-store: a cache between here and the server must not answer for it.
    const response = await options.fetch(url, { redirect: 'follow', cache: 'no-store' });
    return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
  };

  const manifestResponse = await get(`${origin}${RELEASE_MANIFEST_PATH}`);
  if (!manifestResponse.response.ok) {
    throw new ManifestError(`${origin}${RELEASE_MANIFEST_PATH} answered ${manifestResponse.response.status}`);
  }
  const manifestSha256 = sha256Hex(manifestResponse.bytes);
  const manifest: ReleaseManifest = parseReleaseManifest(new TextDecoder().decode(manifestResponse.bytes));
  const problems: Problem[] = [];
  if (options.expectManifestSha256 !== undefined && options.expectManifestSha256.toLowerCase() !== manifestSha256) {
    problems.push({ kind: 'manifest-pin', url: `${origin}${RELEASE_MANIFEST_PATH}`, detail: `sha256 ${manifestSha256}, expected ${options.expectManifestSha256.toLowerCase()}` });
  }

  // Every listed asset, with its bytes kept for the integrity checks of the pages.
  const served = new Map<string, Uint8Array>();
  let verifiedAssets = 0;
  await inBatches([...manifest.assets], async ([assetPath, digest]) => {
    const url = `${origin}${assetPath}`;
    const { response, bytes } = await get(url);
    if (!response.ok) {
      problems.push({ kind: 'missing', url, detail: `answered ${response.status}` });
      return;
    }
    served.set(assetPath, bytes);
    const actual = sha256Hex(bytes);
    if (actual === digest) verifiedAssets += 1;
    else problems.push({ kind: 'digest-mismatch', url, detail: `sha256 ${actual}, manifest says ${digest}` });
  });

  const pages: VerifyWebReport['pages'] = [];
  for (const pagePath of options.pages ?? DEFAULT_PAGES) {
    const pageUrl = new URL(pagePath, origin).href;
    const { response, bytes } = await get(pageUrl);
    if (!response.ok) {
      problems.push({ kind: 'page-unavailable', url: pageUrl, detail: `answered ${response.status}` });
      continue;
    }
    const assets = pageAssets(new TextDecoder().decode(bytes), response.url || pageUrl);
    pages.push({ path: pagePath, assets: assets.length });
    for (const asset of assets) {
      const assetUrl = new URL(asset.url);
      if (assetUrl.origin !== origin) {
        problems.push({ kind: 'offsite', url: asset.url, detail: `${asset.from} on ${pagePath} loads from another host` });
        continue;
      }
      const listed = served.get(assetUrl.pathname);
      if (!manifest.assets.has(assetUrl.pathname)) {
        problems.push({ kind: 'unlisted', url: asset.url, detail: `${asset.from} on ${pagePath} is not in the release manifest` });
      } else if (asset.integrity !== undefined && listed !== undefined && !matchesIntegrity(asset.integrity, listed)) {
        problems.push({ kind: 'integrity-mismatch', url: asset.url, detail: `${asset.from} on ${pagePath} carries integrity ${asset.integrity}, which the served bytes do not match` });
      }
    }
  }

  problems.sort((a, b) => a.kind.localeCompare(b.kind) || a.url.localeCompare(b.url));
  return {
    origin,
    manifest: { app: manifest.app, version: manifest.version, buildId: manifest.buildId, sha256: manifestSha256, assets: manifest.assets.size },
    verifiedAssets,
    pages,
    problems,
  };
}

// The release manifest a Coffre web app serves at `/release-manifest.json` (written at build by
// apps/web/scripts/release-manifest.mjs): the SHA-256 of every static asset of one build.

export const RELEASE_MANIFEST_PATH = '/release-manifest.json';
const FORMAT = 'coffre-release-manifest/v1';
const SHA256_HEX = /^[0-9a-f]{64}$/;

export interface ReleaseManifest {
  app: string;
  version: string;
  buildId: string;
  /** Asset path (e.g. `/_next/static/chunks/x.js`) to its SHA-256, lower-case hex. */
  assets: ReadonlyMap<string, string>;
}

/** A manifest that is not one: the deployment cannot be checked against it. */
export class ManifestError extends Error {
  override readonly name = 'ManifestError';
}

/**
 * Reads a release manifest, refusing anything but format v1 with well-formed paths and digests.
 * @throws ManifestError naming what is wrong.
 */
export function parseReleaseManifest(text: string): ReleaseManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ManifestError('the release manifest is not JSON');
  }
  if (typeof value !== 'object' || value === null) throw new ManifestError('the release manifest is not an object');
  const manifest = value as Record<string, unknown>;
  if (manifest.format !== FORMAT) throw new ManifestError(`unknown release manifest format ${JSON.stringify(manifest.format)} (expected ${FORMAT})`);
  if (manifest.algorithm !== 'sha256') throw new ManifestError(`unknown digest algorithm ${JSON.stringify(manifest.algorithm)}`);
  for (const field of ['app', 'version', 'buildId'] as const) {
    if (typeof manifest[field] !== 'string' || manifest[field] === '') throw new ManifestError(`the release manifest has no ${field}`);
  }
  if (typeof manifest.assets !== 'object' || manifest.assets === null || Array.isArray(manifest.assets)) throw new ManifestError('the release manifest has no assets');
  const assets = new Map<string, string>();
  for (const [assetPath, digest] of Object.entries(manifest.assets)) {
    // Only same-origin absolute paths: a manifest must not send the checker to other hosts.
    if (!assetPath.startsWith('/') || assetPath.startsWith('//') || assetPath.includes('..') || assetPath.includes('\\')) {
      throw new ManifestError(`the release manifest lists a path that is not on the site: ${JSON.stringify(assetPath)}`);
    }
    if (typeof digest !== 'string' || !SHA256_HEX.test(digest)) throw new ManifestError(`the release manifest has a malformed digest for ${assetPath}`);
    assets.set(assetPath, digest);
  }
  if (assets.size === 0) throw new ManifestError('the release manifest lists no assets');
  return { app: manifest.app as string, version: manifest.version as string, buildId: manifest.buildId as string, assets };
}

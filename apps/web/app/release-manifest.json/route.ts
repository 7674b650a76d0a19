import { readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * `GET /release-manifest.json`: the SHA-256 of every static asset of this build, written after
 * `next build` by `scripts/release-manifest.mjs`, for `coffre verify-web` to check the deployment
 * against. Read from disk per request: it only exists once the build has finished.
 */
export async function GET(): Promise<Response> {
  try {
    const body = await readFile(path.join(process.cwd(), '.next', 'release-manifest.json'));
    return new Response(body, { headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache' } });
  } catch {
    return Response.json({ error: { code: 'NOT_FOUND', message: 'This build has no release manifest.' } }, { status: 404 });
  }
}

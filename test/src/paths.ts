import { fileURLToPath } from 'node:url';

/** Root of the repository, with a trailing slash. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Where browser tests leave screenshots for people to look at; git-ignored. */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../artifacts/screenshots/', import.meta.url));

/**
 * The built web drive to serve: `apps/web/` unless `COFFRE_TEST_WEB_DIR` names a copy of it (its
 * `package.json`, `next.config.ts`, `public/`, `.next/` and a `node_modules` link), which lets a
 * spec run against a finished build while another `next build` rewrites `apps/web/.next`.
 */
export function webAppDir(): string {
  return process.env.COFFRE_TEST_WEB_DIR ?? appDir('web');
}

/** Directory of one app under `apps/`. */
export function appDir(app: 'web' | 'megabox' | 'api' | 'cli'): string {
  return fileURLToPath(new URL(`../../apps/${app}/`, import.meta.url));
}

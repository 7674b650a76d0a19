import { fileURLToPath } from 'node:url';

/** Root of the repository, with a trailing slash. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Where browser tests leave screenshots for people to look at; git-ignored. */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../artifacts/screenshots/', import.meta.url));

/** Directory of one app under `apps/`. */
export function appDir(app: 'web' | 'megabox' | 'api'): string {
  return fileURLToPath(new URL(`../../apps/${app}/`, import.meta.url));
}

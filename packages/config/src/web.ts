import { z } from 'zod';
import { type DeepReadonly, type Env, parseEnv } from './parse-env.js';
import { urlWithScheme } from './validators.js';

export { ConfigError } from './errors.js';

const webEnvSchema = z.object({
  COFFRE_API_URL: urlWithScheme(['http', 'https']).default('http://127.0.0.1:4000'),
});

/**
 * Settings of the web apps (drive and MegaBox). Read by their servers at start of each request
 * and handed to the browser in the page; nothing here is secret.
 */
export type WebConfig = DeepReadonly<{
  /** Base URL of the API as browsers reach it, without a trailing slash. */
  apiUrl: string;
  /** The API's origin (scheme, host, port): what the Content-Security-Policy lets pages connect to. */
  apiOrigin: string;
}>;

/**
 * Reads the web apps' settings on their server, at run time.
 *
 * `COFFRE_API_URL` is deliberately not a `NEXT_PUBLIC_*` variable: Next.js would inline those
 * into the browser bundles at build time, so every deployment would need its own build and the
 * served scripts could not match one published release manifest. The server reads it per
 * request instead and passes it to the page.
 *
 * @throws {ConfigError} listing every invalid variable, one line each.
 */
export function loadWebConfig(env: Env = process.env): WebConfig {
  const vars = parseEnv('web', webEnvSchema, env);
  const apiUrl = vars.COFFRE_API_URL.replace(/\/+$/, '');
  return Object.freeze({ apiUrl, apiOrigin: new URL(apiUrl).origin });
}

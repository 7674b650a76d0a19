import { z } from 'zod';
import { type DeepReadonly, type Env, parseEnv } from './parse-env.js';
import { urlWithScheme } from './validators.js';

export { ConfigError } from './errors.js';

const webEnvSchema = z.object({
  NEXT_PUBLIC_COFFRE_API_URL: urlWithScheme(['http', 'https']).default('http://127.0.0.1:4000'),
});

/** Settings the web apps (drive and MegaBox) need in the browser. Nothing here is secret. */
export type WebConfig = DeepReadonly<{
  /** Base URL of the API, without a trailing slash. */
  apiUrl: string;
}>;

/**
 * Reads the web apps' public settings.
 *
 * The default argument names each variable literally because Next.js inlines
 * `process.env.NEXT_PUBLIC_*` into browser bundles only where it appears verbatim; passing
 * `process.env` whole would leave the browser with an empty object.
 *
 * @throws {ConfigError} listing every invalid variable, one line each.
 */
export function loadWebConfig(
  env: Env = { NEXT_PUBLIC_COFFRE_API_URL: process.env.NEXT_PUBLIC_COFFRE_API_URL },
): WebConfig {
  const vars = parseEnv('web', webEnvSchema, env);
  return Object.freeze({ apiUrl: vars.NEXT_PUBLIC_COFFRE_API_URL.replace(/\/+$/, '') });
}

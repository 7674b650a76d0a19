import path from 'node:path';
import { z } from 'zod';
import { type DeepReadonly, type Env, parseEnv } from './parse-env.js';
import { nodeEnv, tcpPort, urlWithScheme } from './validators.js';

export { ConfigError } from './errors.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** An origin as browsers send it in `Origin`: scheme, host and port, nothing else. */
const origin = urlWithScheme(['http', 'https']).refine((value) => URL.parse(value)?.origin === value, {
  error: 'must list origins such as https://drive.example.org (no path, no trailing slash)',
});

const apiEnvSchema = z.object({
  PORT: tcpPort.default(4000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: urlWithScheme(['postgres', 'postgresql']).optional(),
  REDIS_URL: urlWithScheme(['redis', 'rediss']).default('redis://127.0.0.1:6379'),
  COFFRE_DATA_DIR: z.string().default('.coffre'),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  NODE_ENV: nodeEnv.default('development'),
  COFFRE_PUBLIC_URL: urlWithScheme(['http', 'https']).default('http://127.0.0.1:4000'),
  COFFRE_WEB_ORIGINS: z
    .string()
    .transform((list) => list.split(',').map((item) => item.trim()))
    .pipe(z.array(origin))
    .default(['http://127.0.0.1:3000', 'http://127.0.0.1:3001']),
});

/** Where the API keeps its data: a Postgres server, or the embedded PGlite database. */
export type DatabaseSettings =
  | { readonly kind: 'postgres'; readonly url: string }
  | { readonly kind: 'pglite'; readonly dataDir: string };

/** The API's settings, validated and frozen. */
export type ApiConfig = DeepReadonly<{
  port: number;
  host: string;
  database: DatabaseSettings;
  redisUrl: string;
  /** Absolute path; relative values are resolved against the working directory at start-up. */
  dataDir: string;
  logLevel: (typeof LOG_LEVELS)[number];
  nodeEnv: z.output<typeof nodeEnv>;
  /** The address clients reach the API at, used in links the API hands out. */
  publicUrl: string;
  /** Browser origins allowed to call the API (CORS); the web apps' origins. */
  webOrigins: string[];
}>;

/**
 * Reads the API's environment once, at start-up.
 *
 * Without `DATABASE_URL` the API runs on an embedded PGlite database in
 * `<COFFRE_DATA_DIR>/pglite`, so a fresh checkout starts with nothing but Node.
 *
 * @throws {ConfigError} listing every missing or invalid variable, one line each.
 */
export function loadApiConfig(env: Env = process.env): ApiConfig {
  const vars = parseEnv('api', apiEnvSchema, env);
  const dataDir = path.resolve(vars.COFFRE_DATA_DIR);
  const database: DatabaseSettings =
    vars.DATABASE_URL === undefined
      ? { kind: 'pglite', dataDir: path.join(dataDir, 'pglite') }
      : { kind: 'postgres', url: vars.DATABASE_URL };
  return Object.freeze({
    port: vars.PORT,
    host: vars.HOST,
    database: Object.freeze(database),
    redisUrl: vars.REDIS_URL,
    dataDir,
    logLevel: vars.LOG_LEVEL,
    nodeEnv: vars.NODE_ENV,
    publicUrl: vars.COFFRE_PUBLIC_URL,
    webOrigins: vars.COFFRE_WEB_ORIGINS,
  });
}

import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { type DeepReadonly, type Env, parseEnv } from './parse-env.js';
import { driveEnvShape, driveSettings, type DriveSettings } from './drive.js';
import { linkSettings, linksEnvShape, type LinkSettings } from './links.js';
import { storageEnvShape, storageSettings, type StorageSettings } from './storage.js';
import { boundedInteger, nodeEnv, tcpPort, urlWithScheme } from './validators.js';

export { ConfigError } from './errors.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** An origin as browsers send it in `Origin`: scheme, host and port, nothing else. */
const origin = urlWithScheme(['http', 'https']).refine((value) => URL.parse(value)?.origin === value, {
  error: 'must list origins such as https://drive.example.org (no path, no trailing slash)',
});

/** An address or CIDR range of a proxy whose X-Forwarded-For the API may believe. */
const proxyAddress = z.string().refine(
  (value) => {
    const [address = '', prefix, ...rest] = value.split('/');
    const family = isIP(address);
    if (family === 0 || rest.length > 0) return false;
    return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
  },
  { error: 'must list IP addresses or CIDR ranges such as 10.0.0.0/8' },
);

/** OPAQUE's server setup as @serenity-kit/opaque serialises it: base64url. */
const opaqueServerSetup = z.string().regex(/^[A-Za-z0-9_-]{64,}$/, { error: 'must be an OPAQUE server setup (base64url), as `pnpm --filter @coffre/api opaque-setup` prints' });

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
  COFFRE_TRUST_PROXY: z
    .string()
    .transform((list) => list.split(',').map((item) => item.trim()))
    .pipe(z.array(proxyAddress))
    .default([]),
  COFFRE_REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, { error: 'must be 1 to 64 letters, digits or _.:-' })
    .default('coffre:'),
  COFFRE_OPAQUE_SERVER_SETUP: opaqueServerSetup.optional(),
  COFFRE_SESSION_TTL_SECONDS: boundedInteger(60, 365 * 24 * 3600).default(30 * 24 * 3600),
  COFFRE_AUTH_RATE_LIMIT_PER_IP: boundedInteger(1, 1_000_000).default(60),
  COFFRE_AUTH_RATE_LIMIT_PER_EMAIL: boundedInteger(1, 1_000_000).default(10),
  COFFRE_AUTH_RATE_LIMIT_WINDOW_SECONDS: boundedInteger(1, 24 * 3600).default(60),
  ...storageEnvShape,
  ...linksEnvShape,
  ...driveEnvShape,
}).refine((vars) => vars.NODE_ENV !== 'production' || vars.COFFRE_OPAQUE_SERVER_SETUP !== undefined, {
  // Generating one on the fly in production would sign every user out at the next deploy.
  path: ['COFFRE_OPAQUE_SERVER_SETUP'],
  error: 'is required when NODE_ENV=production (make one with `pnpm --filter @coffre/api opaque-setup`)',
  when: (payload) => payload.issues.every((issue) => issue.path?.[0] !== 'NODE_ENV'),
}).refine((vars) => vars.NODE_ENV !== 'production' || vars.COFFRE_STORAGE_CONFIG !== undefined, {
  // The default, three directories on one disk, would promise a resilience it does not have.
  path: ['COFFRE_STORAGE_CONFIG'],
  error: 'is required when NODE_ENV=production (a JSON file listing the storage backends)',
  when: (payload) => payload.issues.every((issue) => issue.path?.[0] !== 'NODE_ENV'),
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
  /**
   * Proxies (addresses or CIDR ranges) whose `X-Forwarded-For` names the client. Empty: the
   * peer address is the client, which is right only without a load balancer in front.
   */
  trustProxy: string[];
  /** Prepended to every Redis key, so deployments (or test runs) can share one Redis. */
  redisKeyPrefix: string;
  /**
   * The OPAQUE server setup (RFC 9807: OPRF seed and static key pair). Required in production;
   * elsewhere, when unset, the API keeps one in `<dataDir>/opaque-server-setup`.
   */
  opaqueServerSetup: string | undefined;
  /** How long a session lasts after login, in seconds. */
  sessionTtlSeconds: number;
  /** Requests allowed to the authentication routes per window, per client address and per email. */
  authRateLimit: { perIp: number; perEmail: number; windowSeconds: number };
  /** Storage backends, replication, scrub and repair settings. */
  storage: StorageSettings;
  /** Share links: grant lifetime and the limits on wrong access tokens. */
  links: LinkSettings;
  /** The drive: upload part size bound, upload expiry, maintenance sweep. */
  drive: DriveSettings;
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
    trustProxy: vars.COFFRE_TRUST_PROXY,
    redisKeyPrefix: vars.COFFRE_REDIS_KEY_PREFIX,
    opaqueServerSetup: vars.COFFRE_OPAQUE_SERVER_SETUP,
    sessionTtlSeconds: vars.COFFRE_SESSION_TTL_SECONDS,
    authRateLimit: Object.freeze({
      perIp: vars.COFFRE_AUTH_RATE_LIMIT_PER_IP,
      perEmail: vars.COFFRE_AUTH_RATE_LIMIT_PER_EMAIL,
      windowSeconds: vars.COFFRE_AUTH_RATE_LIMIT_WINDOW_SECONDS,
    }),
    storage: storageSettings(vars, dataDir),
    links: linkSettings(vars),
    drive: driveSettings(vars),
  });
}

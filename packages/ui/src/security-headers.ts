// The HTTP security policy both web apps send. It lives beside the components because it is
// part of what the browser is told about the pages they render, and the two apps must not
// drift apart. Server-delivered JavaScript is where web crypto is weakest (ARCHITECTURE.md,
// "Promises and threat model"), so script execution is locked to per-request nonces.

/** A response header as Next.js `headers()` and the Fetch API take it. */
export interface SecurityHeader {
  readonly key: string;
  readonly value: string;
}

/** Options of {@link contentSecurityPolicy}. */
export interface ContentSecurityPolicyOptions {
  /** The per-request nonce from {@link createNonce}; scripts and styles must carry it. */
  readonly nonce: string;
  /**
   * Loosens the policy for `next dev`, whose tooling needs what production never does: React
   * rebuilds server error stacks with `eval`, hot reloading injects unnonced styles and assigns
   * script URLs as plain strings. Never set for a production build.
   */
  readonly development?: boolean;
  /**
   * Origins besides the page's own that its scripts may call, such as the API's
   * (`https://api.coffre.example`): origins only, as `apiOrigin` of `@coffre/config/web` gives them.
   */
  readonly connectSources?: readonly string[];
}

/** Options of {@link workerContentSecurityPolicy}. */
export interface WorkerContentSecurityPolicyOptions {
  /** Origins the worker may call (the API's). */
  readonly connectSources: readonly string[];
  /** `next dev` only: its worker runtime evaluates code. Never set for a production build. */
  readonly development?: boolean;
}

const NONCE_BYTES = 16;

/**
 * A fresh CSP nonce: 128 bits from the platform's CSPRNG, base64-encoded as CSP's
 * `nonce-source` grammar expects.
 */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
  return btoa(String.fromCharCode(...bytes));
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * The only Trusted Types policy pages may create: the `default` policy of
 * `@coffre/ui/trusted-types`, which admits the app's own script URLs and nothing else. Naming it
 * stops injected code from creating a permissive policy of its own.
 */
export const TRUSTED_TYPES_POLICY = 'default';

/**
 * Checks that every entry is a bare http(s) origin before it is written into a policy, since a
 * space, quote or semicolon would otherwise add sources or directives.
 */
function ensureOrigins(origins: readonly string[]): readonly string[] {
  for (const origin of origins) {
    const url = URL.parse(origin);
    if (url === null || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== origin) {
      throw new Error(`CSP connect source must be an http(s) origin, got ${JSON.stringify(origin)}`);
    }
  }
  return origins;
}

/**
 * The Content-Security-Policy for one response.
 *
 * - Scripts run only with the nonce; `'strict-dynamic'` lets those scripts load the app's
 *   own chunks and makes browsers ignore host allow-lists, so no CDN can ever be trusted.
 * - Everything else is same-origin only, except `connect-src`, which adds the origins given
 *   (the API); plugins, `<base>` rewrites and framing are refused.
 * - Workers come from the page's own origin only (`worker-src 'self'`): `'strict-dynamic'`
 *   covers script elements, not workers, so without it workers would fall back to the nonce.
 * - Trusted Types are required, so a string can never reach an HTML or script sink: the
 *   DOM-based injections that nonces alone do not stop. Only the `default` policy may exist.
 * - In development only: `'unsafe-eval'`, inline styles, and no Trusted Types (see
 *   {@link ContentSecurityPolicyOptions.development}).
 *
 * @throws {Error} if the nonce is not base64 or a connect source is not an http(s) origin,
 *   since either would otherwise splice sources or directives into the policy.
 */
export function contentSecurityPolicy({ nonce, development = false, connectSources = [] }: ContentSecurityPolicyOptions): string {
  if (!BASE64.test(nonce)) {
    throw new Error('CSP nonce must be base64');
  }
  const connect = ensureOrigins(connectSources);
  const directives: Record<string, readonly string[]> = {
    'default-src': ["'self'"],
    'script-src': [`'nonce-${nonce}'`, "'strict-dynamic'", ...(development ? ["'unsafe-eval'"] : [])],
    // Browsers ignore 'unsafe-inline' next to a nonce, so development drops the nonce for styles.
    'style-src': development ? ["'self'", "'unsafe-inline'"] : ["'self'", `'nonce-${nonce}'`],
    'img-src': ["'self'"],
    'font-src': ["'self'"],
    'connect-src': ["'self'", ...connect],
    'worker-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
  if (!development) {
    directives['require-trusted-types-for'] = ["'script'"];
    directives['trusted-types'] = [TRUSTED_TYPES_POLICY];
  }
  return serialize(directives);
}

/**
 * The Content-Security-Policy for the script that starts a dedicated worker. A worker does not
 * inherit the page's policy: browsers apply the one sent with the worker's own script, and
 * Next.js serves its chunks with none. So the app sends this one for worker requests:
 *
 * - code only from the app's own origin (`importScripts` of its chunks), and WebAssembly
 *   compilation (`'wasm-unsafe-eval'`: OPAQUE and Argon2id are WebAssembly), but no `eval`;
 * - network access to the given origins only (the API), nothing else at all.
 *
 * Trusted Types are not required here: a worker has no DOM, and the bundler's worker bootstrap
 * passes its chunk URLs to `importScripts` as strings before any code of ours could run.
 *
 * @throws {Error} if a connect source is not an http(s) origin.
 */
export function workerContentSecurityPolicy({ connectSources, development = false }: WorkerContentSecurityPolicyOptions): string {
  return serialize({
    'default-src': ["'none'"],
    'script-src': ["'self'", "'wasm-unsafe-eval'", ...(development ? ["'unsafe-eval'"] : [])],
    'connect-src': ensureOrigins(connectSources).length > 0 ? connectSources : ["'none'"],
  });
}

/**
 * The Content-Security-Policy for a Service Worker's script (the downloads worker of the web
 * drive, MegaBox's player). Like a dedicated worker, a Service Worker runs under the policy sent
 * with its own script. It decrypts with WebCrypto and fetches ciphertext from the API, so it gets
 * less than a dedicated worker: no WebAssembly, no eval, and connections to the given origins only.
 * Its answers to the page's requests are responses, not fetches, and need no `connect-src`.
 */
export function serviceWorkerContentSecurityPolicy({ connectSources }: { readonly connectSources: readonly string[] }): string {
  return serialize({
    'default-src': ["'none'"],
    'script-src': ["'self'"],
    'connect-src': ensureOrigins(connectSources).length > 0 ? connectSources : ["'none'"],
  });
}

function serialize(directives: Record<string, readonly string[]>): string {
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/**
 * Headers that do not vary per request, for every response including static assets.
 * The Content-Security-Policy is not among them: it carries a per-request nonce.
 */
export const STATIC_SECURITY_HEADERS: readonly SecurityHeader[] = Object.freeze([
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'no-referrer' },
  // Kept next to CSP frame-ancestors for browsers that predate it.
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  { key: 'Cross-Origin-Resource-Policy', value: 'same-origin' },
  {
    key: 'Permissions-Policy',
    value: [
      'accelerometer=()',
      'camera=()',
      'display-capture=()',
      'geolocation=()',
      'gyroscope=()',
      'magnetometer=()',
      'microphone=()',
      'payment=()',
      'usb=()',
      'browsing-topics=()',
    ].join(', '),
  },
]);

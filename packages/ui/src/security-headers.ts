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
 * The Content-Security-Policy for one response.
 *
 * - Scripts run only with the nonce; `'strict-dynamic'` lets those scripts load the app's
 *   own chunks and makes browsers ignore host allow-lists, so no CDN can ever be trusted.
 * - Everything else is same-origin only; plugins, `<base>` rewrites and framing are refused.
 * - Trusted Types are required, so a string can never reach an HTML or script sink: the
 *   DOM-based injections that nonces alone do not stop.
 * - In development only: `'unsafe-eval'`, inline styles, and no Trusted Types (see
 *   {@link ContentSecurityPolicyOptions.development}).
 *
 * @throws {Error} if the nonce is not base64, since it would otherwise splice directives
 *   into the policy.
 */
export function contentSecurityPolicy({ nonce, development = false }: ContentSecurityPolicyOptions): string {
  if (!BASE64.test(nonce)) {
    throw new Error('CSP nonce must be base64');
  }
  const directives: Record<string, readonly string[]> = {
    'default-src': ["'self'"],
    'script-src': [`'nonce-${nonce}'`, "'strict-dynamic'", ...(development ? ["'unsafe-eval'"] : [])],
    // Browsers ignore 'unsafe-inline' next to a nonce, so development drops the nonce for styles.
    'style-src': development ? ["'self'", "'unsafe-inline'"] : ["'self'", `'nonce-${nonce}'`],
    'img-src': ["'self'"],
    'font-src': ["'self'"],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
  if (!development) {
    directives['require-trusted-types-for'] = ["'script'"];
  }
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

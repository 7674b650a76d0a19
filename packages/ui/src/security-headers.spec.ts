import { describe, expect, it } from 'vitest';
import { STATIC_SECURITY_HEADERS, contentSecurityPolicy, createNonce, serviceWorkerContentSecurityPolicy, workerContentSecurityPolicy } from './security-headers.js';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split('; ').map((directive) => {
      const [name = '', ...sources] = directive.split(' ');
      return [name, sources];
    }),
  );
}

describe('createNonce', () => {
  it('returns 128 random bits in base64, different every time', () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) {
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(Buffer.from(nonce, 'base64')).toHaveLength(16);
    }
  });
});

describe('contentSecurityPolicy', () => {
  it('allows scripts by nonce only, and nothing from other origins', () => {
    const policy = directives(contentSecurityPolicy({ nonce: 'abc123==' }));
    expect(policy.get('script-src')).toEqual(["'nonce-abc123=='", "'strict-dynamic'"]);
    expect(policy.get('style-src')).toEqual(["'self'", "'nonce-abc123=='"]);
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('require-trusted-types-for')).toEqual(["'script'"]);
    expect(policy.get('trusted-types')).toEqual(['default']);
    expect(policy.get('worker-src')).toEqual(["'self'"]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    const everySource = [...policy.values()].flat();
    expect(everySource.filter((source) => source.includes('unsafe'))).toEqual([]);
    expect(everySource.filter((source) => /[:.]/.test(source) && !source.startsWith("'"))).toEqual([]);
  });

  it('lets pages connect to the given origins, and to nothing else', () => {
    const policy = directives(contentSecurityPolicy({ nonce: 'abc', connectSources: ['https://api.coffre.example', 'http://127.0.0.1:4000'] }));
    expect(policy.get('connect-src')).toEqual(["'self'", 'https://api.coffre.example', 'http://127.0.0.1:4000']);
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toEqual(["'nonce-abc'", "'strict-dynamic'"]);
  });

  it.each([
    'https://api.coffre.example/',
    'https://api.coffre.example/api',
    "https://api.coffre.example; script-src 'unsafe-inline'",
    'https://api.coffre.example https://evil.example',
    '*',
    "'self'",
    'javascript:alert(1)',
    'wss://api.coffre.example',
  ])('refuses the connect source %j', (source) => {
    expect(() => contentSecurityPolicy({ nonce: 'abc', connectSources: [source] })).toThrow('CSP connect source must be an http(s) origin');
    expect(() => workerContentSecurityPolicy({ connectSources: [source] })).toThrow('CSP connect source must be an http(s) origin');
  });

  it('loosens only what development tooling needs', () => {
    const production = directives(contentSecurityPolicy({ nonce: 'abc' }));
    const development = directives(contentSecurityPolicy({ nonce: 'abc', development: true }));
    expect(development.get('script-src')).toEqual(["'nonce-abc'", "'strict-dynamic'", "'unsafe-eval'"]);
    expect(development.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(development.has('require-trusted-types-for')).toBe(false);
    expect(development.has('trusted-types')).toBe(false);
    for (const name of ['default-src', 'object-src', 'base-uri', 'frame-ancestors', 'connect-src']) {
      expect(development.get(name), name).toEqual(production.get(name));
    }
  });

  it.each(["abc'; script-src *", 'abc def', '', 'abc;'])('refuses the nonce %j', (nonce) => {
    expect(() => contentSecurityPolicy({ nonce })).toThrow('CSP nonce must be base64');
  });
});

describe('workerContentSecurityPolicy', () => {
  it("runs the app's own code and WebAssembly, connects only to the given origins", () => {
    const policy = directives(workerContentSecurityPolicy({ connectSources: ['https://api.coffre.example'] }));
    expect(policy).toEqual(
      new Map([
        ['default-src', ["'none'"]],
        ['script-src', ["'self'", "'wasm-unsafe-eval'"]],
        ['connect-src', ['https://api.coffre.example']],
      ]),
    );
  });

  it('connects nowhere when given no origin, and evaluates code only in development', () => {
    expect(directives(workerContentSecurityPolicy({ connectSources: [] })).get('connect-src')).toEqual(["'none'"]);
    const development = directives(workerContentSecurityPolicy({ connectSources: [], development: true }));
    expect(development.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'", "'unsafe-eval'"]);
  });
});

describe('STATIC_SECURITY_HEADERS', () => {
  it('sets the headers the threat model relies on, and no CSP', () => {
    const headers = new Map(STATIC_SECURITY_HEADERS.map(({ key, value }) => [key, value]));
    expect(headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(headers.get('Referrer-Policy')).toBe('no-referrer');
    expect(headers.get('Permissions-Policy')).toContain('camera=()');
    expect(headers.has('Content-Security-Policy')).toBe(false);
    expect(Object.isFrozen(STATIC_SECURITY_HEADERS)).toBe(true);
  });
});

describe('serviceWorkerContentSecurityPolicy', () => {
  it('lets a Service Worker load only its own code and call only the API: no eval, no WebAssembly', () => {
    expect(serviceWorkerContentSecurityPolicy({ connectSources: ['https://api.coffre.example'] })).toBe(
      "default-src 'none'; script-src 'self'; connect-src https://api.coffre.example",
    );
    expect(directives(serviceWorkerContentSecurityPolicy({ connectSources: [] })).get('connect-src')).toEqual(["'none'"]);
  });

  it('refuses a connect source that would splice directives into the policy', () => {
    expect(() => serviceWorkerContentSecurityPolicy({ connectSources: ["https://api.example; script-src 'unsafe-eval'"] })).toThrow('CSP connect source must be an http(s) origin');
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { installTrustedTypesPolicy, isOwnScriptUrl } from './trusted-types.js';

const ORIGIN = 'https://drive.coffre.example';

describe('isOwnScriptUrl', () => {
  it.each([
    'https://drive.coffre.example/_next/static/chunks/turbopack-worker-1hrsqshz0gfey.js#params=%5B%5D',
    '/_next/static/chunks/0cz1d0mv5g_q7.js',
    'https://drive.coffre.example/_next/static/media/x.js?v=1',
  ])('accepts the app chunk %s', (url) => {
    expect(isOwnScriptUrl(url, { origin: ORIGIN })).toBe(true);
  });

  it.each([
    ['another origin', 'https://evil.example/_next/static/chunks/a.js'],
    ['another port', 'https://drive.coffre.example:8443/_next/static/chunks/a.js'],
    ['another scheme', 'http://drive.coffre.example/_next/static/chunks/a.js'],
    ['a page, not a chunk', '/api/upload.js'],
    ['a walk out of the prefix', '/_next/static/../../api/evil.js'],
    ['an encoded walk out of the prefix', '/_next/static/%2e%2e/%2E%2e/evil.js'],
    ['credentials in the URL', 'https://user:pass@drive.coffre.example/_next/static/a.js'],
    ['a data URL', 'data:text/javascript,alert(1)'],
    ['a blob URL', 'blob:https://drive.coffre.example/0f2c2a4e'],
    ['a javascript URL', 'javascript:alert(1)'],
    ['a protocol-relative URL', '//evil.example/_next/static/a.js'],
  ])('refuses %s', (_, url) => {
    expect(isOwnScriptUrl(url, { origin: ORIGIN })).toBe(false);
  });

  it('honours other prefixes', () => {
    expect(isOwnScriptUrl('/assets/app.js', { origin: ORIGIN, scriptPathPrefixes: ['/assets/'] })).toBe(true);
    expect(isOwnScriptUrl('/_next/static/a.js', { origin: ORIGIN, scriptPathPrefixes: ['/assets/'] })).toBe(false);
  });
});

describe('installTrustedTypesPolicy', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  function fakeFactory() {
    const created: { name: string; createScriptURL(input: string): string }[] = [];
    const factory = {
      defaultPolicy: null as unknown,
      createPolicy(name: string, rules: { createScriptURL(input: string): string }) {
        created.push({ name, ...rules });
        factory.defaultPolicy = rules;
        return rules;
      },
    };
    vi.stubGlobal('trustedTypes', factory);
    return created;
  }

  it('does nothing where the browser has no Trusted Types (and on the server)', () => {
    expect(installTrustedTypesPolicy({ origin: ORIGIN })).toBe(false);
  });

  it('creates the default policy once, admitting own chunks and throwing for anything else', () => {
    const created = fakeFactory();
    expect(installTrustedTypesPolicy({ origin: ORIGIN })).toBe(true);
    expect(installTrustedTypesPolicy({ origin: ORIGIN })).toBe(true);
    expect(created.map((policy) => policy.name)).toEqual(['default']);
    const policy = created[0]!;
    expect(policy.createScriptURL('/_next/static/chunks/a.js')).toBe('/_next/static/chunks/a.js');
    expect(() => policy.createScriptURL('https://evil.example/a.js')).toThrow(TypeError);
    expect(Object.keys(policy)).not.toContain('createHTML');
    expect(Object.keys(policy)).not.toContain('createScript');
  });
});

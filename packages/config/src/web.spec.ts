import { describe, expect, it, vi } from 'vitest';
import { ConfigError, loadWebConfig } from './web.js';

describe('loadWebConfig', () => {
  it('points at the local API by default', () => {
    expect(loadWebConfig({})).toEqual({ apiUrl: 'http://127.0.0.1:4000' });
  });

  it('drops trailing slashes so callers can append paths', () => {
    expect(loadWebConfig({ NEXT_PUBLIC_COFFRE_API_URL: 'https://api.coffre.example/' })).toEqual({
      apiUrl: 'https://api.coffre.example',
    });
  });

  it('returns a frozen object', () => {
    expect(Object.isFrozen(loadWebConfig({}))).toBe(true);
  });

  it('refuses a URL that is not http(s)', () => {
    expect(() => loadWebConfig({ NEXT_PUBLIC_COFFRE_API_URL: 'javascript:alert(1)' })).toThrow(
      new ConfigError('web', ['NEXT_PUBLIC_COFFRE_API_URL: must be a http:// or https:// URL']),
    );
  });

  it('reads NEXT_PUBLIC_COFFRE_API_URL from the process when called without arguments', () => {
    vi.stubEnv('NEXT_PUBLIC_COFFRE_API_URL', 'https://api.from-env.example');
    try {
      expect(loadWebConfig()).toEqual({ apiUrl: 'https://api.from-env.example' });
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

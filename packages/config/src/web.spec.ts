import { describe, expect, it, vi } from 'vitest';
import { ConfigError, loadWebConfig } from './web.js';

describe('loadWebConfig', () => {
  it('points at the local API by default', () => {
    expect(loadWebConfig({})).toEqual({ apiUrl: 'http://127.0.0.1:4000', apiOrigin: 'http://127.0.0.1:4000' });
  });

  it('drops trailing slashes so callers can append paths, and derives the origin', () => {
    expect(loadWebConfig({ COFFRE_API_URL: 'https://coffre.example/backend/' })).toEqual({
      apiUrl: 'https://coffre.example/backend',
      apiOrigin: 'https://coffre.example',
    });
  });

  it('keeps a non-default port in the origin, and drops the default one', () => {
    expect(loadWebConfig({ COFFRE_API_URL: 'https://api.coffre.example:8443' }).apiOrigin).toBe('https://api.coffre.example:8443');
    expect(loadWebConfig({ COFFRE_API_URL: 'https://api.coffre.example:443/' }).apiOrigin).toBe('https://api.coffre.example');
  });

  it('returns a frozen object', () => {
    expect(Object.isFrozen(loadWebConfig({}))).toBe(true);
  });

  it.each(['javascript:alert(1)', 'ftp://api.example', 'not a url', 'http://'])('refuses %j', (value) => {
    expect(() => loadWebConfig({ COFFRE_API_URL: value })).toThrow(
      new ConfigError('web', ['COFFRE_API_URL: must be a http:// or https:// URL']),
    );
  });

  it('treats an empty value as unset', () => {
    expect(loadWebConfig({ COFFRE_API_URL: '' }).apiUrl).toBe('http://127.0.0.1:4000');
  });

  it('reads COFFRE_API_URL from the process when called without arguments', () => {
    vi.stubEnv('COFFRE_API_URL', 'https://api.from-env.example');
    try {
      expect(loadWebConfig()).toEqual({ apiUrl: 'https://api.from-env.example', apiOrigin: 'https://api.from-env.example' });
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadCliConfig } from './cli.js';

const HOME = '/home/ada';

describe('loadCliConfig', () => {
  it('uses the XDG defaults under the home directory when nothing is set', () => {
    expect(loadCliConfig({}, HOME)).toEqual({
      server: undefined,
      webUrl: undefined,
      configDir: path.join(HOME, '.config', 'coffre'),
      stateDir: path.join(HOME, '.local', 'state', 'coffre'),
      secrets: { password: undefined, newPassword: undefined, recoveryKey: undefined, linkPassword: undefined },
    });
  });

  it('follows absolute XDG_CONFIG_HOME and XDG_STATE_HOME', () => {
    const config = loadCliConfig({ XDG_CONFIG_HOME: '/x/config', XDG_STATE_HOME: '/x/state' }, HOME);
    expect([config.configDir, config.stateDir]).toEqual(['/x/config/coffre', '/x/state/coffre']);
  });

  it('ignores relative XDG paths, as the XDG specification says', () => {
    const config = loadCliConfig({ XDG_CONFIG_HOME: 'config', XDG_STATE_HOME: './state' }, HOME);
    expect([config.configDir, config.stateDir]).toEqual([path.join(HOME, '.config', 'coffre'), path.join(HOME, '.local', 'state', 'coffre')]);
  });

  it('puts configuration and state in COFFRE_CONFIG_DIR when it is set', () => {
    const config = loadCliConfig({ COFFRE_CONFIG_DIR: '/tmp/coffre-test', XDG_STATE_HOME: '/x/state' }, HOME);
    expect([config.configDir, config.stateDir]).toEqual(['/tmp/coffre-test', '/tmp/coffre-test']);
  });

  it('reads the server and the web drive without trailing slashes, and the secrets', () => {
    const config = loadCliConfig({ COFFRE_SERVER: 'https://api.coffre.example/', COFFRE_WEB_URL: 'https://coffre.example//', COFFRE_PASSWORD: 'pw', COFFRE_LINK_PASSWORD: 'lp' }, HOME);
    expect(config.server).toBe('https://api.coffre.example');
    expect(config.webUrl).toBe('https://coffre.example');
    expect(config.secrets).toEqual({ password: 'pw', newPassword: undefined, recoveryKey: undefined, linkPassword: 'lp' });
  });

  it('returns a frozen object', () => {
    const config = loadCliConfig({}, HOME);
    expect(Object.isFrozen(config) && Object.isFrozen(config.secrets)).toBe(true);
  });

  it('lists every bad variable without echoing values', () => {
    expect(() => loadCliConfig({ COFFRE_SERVER: 'ftp://secret-host', COFFRE_WEB_URL: 'web', COFFRE_CONFIG_DIR: 'relative/dir' }, HOME)).toThrow(
      new ConfigError('coffre', [
        'COFFRE_SERVER: must be a http:// or https:// URL',
        'COFFRE_WEB_URL: must be a http:// or https:// URL',
        'COFFRE_CONFIG_DIR: must be an absolute path',
      ]),
    );
  });
});

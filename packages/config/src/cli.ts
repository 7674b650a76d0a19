import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { type DeepReadonly, type Env, parseEnv } from './parse-env.js';
import { urlWithScheme } from './validators.js';

export { ConfigError } from './errors.js';

/** The API a fresh checkout's `npm start` serves; the CLI talks to it unless told otherwise. */
export const DEFAULT_CLI_SERVER = 'http://127.0.0.1:4000';
/** The web drive `npm start` serves beside that API: where share links open by default. */
export const DEFAULT_CLI_WEB_URL = 'http://127.0.0.1:3000';

/** An absolute directory path; the XDG base directory specification ignores relative ones. */
const absolutePath = z.string().refine((value) => path.isAbsolute(value), { error: 'must be an absolute path' });

const cliEnvSchema = z.object({
  COFFRE_SERVER: urlWithScheme(['http', 'https']).optional(),
  COFFRE_WEB_URL: urlWithScheme(['http', 'https']).optional(),
  COFFRE_CONFIG_DIR: absolutePath.optional(),
  // Relative XDG paths are "invalid and should be ignored" (XDG base directory spec), so they are
  // accepted here and dropped below rather than refused.
  XDG_CONFIG_HOME: z.string().optional(),
  XDG_STATE_HOME: z.string().optional(),
  COFFRE_PASSWORD: z.string().optional(),
  COFFRE_NEW_PASSWORD: z.string().optional(),
  COFFRE_RECOVERY_KEY: z.string().optional(),
  COFFRE_LINK_PASSWORD: z.string().optional(),
});

/** The `coffre` command line client's settings from its environment. */
export type CliConfig = DeepReadonly<{
  /** COFFRE_SERVER without trailing slashes; undefined when unset (the `--server` flag wins over it). */
  server: string | undefined;
  /** COFFRE_WEB_URL without trailing slashes: the web drive's origin, which share links open on. */
  webUrl: string | undefined;
  /** Settings and contacts' key pins: COFFRE_CONFIG_DIR, else `$XDG_CONFIG_HOME/coffre`, else `~/.config/coffre`. */
  configDir: string;
  /** Session and upload states: COFFRE_CONFIG_DIR, else `$XDG_STATE_HOME/coffre`, else `~/.local/state/coffre`. */
  stateDir: string;
  /**
   * Secrets for non-interactive use (scripts, CI): read from the environment because a secret in
   * a command's arguments is visible to every user of the machine (`ps`) and in shell history.
   */
  secrets: {
    password: string | undefined;
    newPassword: string | undefined;
    recoveryKey: string | undefined;
    linkPassword: string | undefined;
  };
}>;

/**
 * Reads the CLI's settings. `homeDir` is where `~` points when no directory variable is set.
 * @throws {ConfigError} listing every invalid variable, one line each (values never echoed).
 */
export function loadCliConfig(env: Env = process.env, homeDir: string = os.homedir()): CliConfig {
  const vars = parseEnv('coffre', cliEnvSchema, env);
  const xdg = (value: string | undefined, fallback: string) =>
    path.join(value !== undefined && path.isAbsolute(value) ? value : path.join(homeDir, fallback), 'coffre');
  return Object.freeze({
    server: vars.COFFRE_SERVER?.replace(/\/+$/, ''),
    webUrl: vars.COFFRE_WEB_URL?.replace(/\/+$/, ''),
    configDir: vars.COFFRE_CONFIG_DIR ?? xdg(vars.XDG_CONFIG_HOME, '.config'),
    stateDir: vars.COFFRE_CONFIG_DIR ?? xdg(vars.XDG_STATE_HOME, path.join('.local', 'state')),
    secrets: Object.freeze({
      password: vars.COFFRE_PASSWORD,
      newPassword: vars.COFFRE_NEW_PASSWORD,
      recoveryKey: vars.COFFRE_RECOVERY_KEY,
      linkPassword: vars.COFFRE_LINK_PASSWORD,
    }),
  });
}

// `<config dir>/config.json`: settings a person may write by hand: `server` and `web`.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CliError } from '../cli-error.js';

/** What config.json may hold. */
export interface Settings {
  /** The API to use when neither --server nor COFFRE_SERVER names one. */
  server?: string;
  /** The web drive's origin, which share links open on, when COFFRE_WEB_URL does not name one. */
  web?: string;
}

/** Where the settings file of a configuration directory lives. */
export function settingsFile(configDir: string): string {
  return path.join(configDir, 'config.json');
}

/**
 * Reads config.json; an absent file means no settings.
 * @throws CliError USAGE for a file that is not a JSON object, or whose URLs are not http(s) URLs.
 */
export async function loadSettings(configDir: string): Promise<Settings> {
  const file = settingsFile(configDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return {};
    throw error;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CliError('USAGE', `${file} is not valid JSON.`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CliError('USAGE', `${file} must hold a JSON object.`);
  const { server, web } = value as { server?: unknown; web?: unknown };
  return { ...(server !== undefined && { server: httpUrl(file, 'server', server) }), ...(web !== undefined && { web: httpUrl(file, 'web', web) }) };
}

function httpUrl(file: string, field: string, value: unknown): string {
  if (typeof value !== 'string' || !/^https?:$/.test(URL.parse(value)?.protocol ?? '')) {
    throw new CliError('USAGE', `${file}: "${field}" must be an http:// or https:// URL.`);
  }
  return value.replace(/\/+$/, '');
}

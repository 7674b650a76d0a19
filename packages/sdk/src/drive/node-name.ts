import { DriveError } from './drive-error.js';

/** Longest node name, in UTF-8 bytes (the limit of common file systems). */
export const MAX_NAME_BYTES = 255;

/**
 * A node name as stored: Unicode NFC (so the same name typed on two systems compares equal), not
 * empty, not "." or "..", without "/" or NUL, at most 255 UTF-8 bytes.
 * @throws DriveError INVALID_NAME otherwise.
 */
export function normalizeName(name: string): string {
  if (typeof name !== 'string') throw new DriveError('INVALID_NAME', 'A name must be a string.');
  const normalized = name.normalize('NFC');
  if (normalized.length === 0) throw new DriveError('INVALID_NAME', 'A name cannot be empty.');
  if (normalized === '.' || normalized === '..') throw new DriveError('INVALID_NAME', `"${normalized}" cannot be a name.`);
  if (/[/\0]/.test(normalized)) throw new DriveError('INVALID_NAME', `A name cannot contain "/" or NUL: "${normalized}".`);
  if (new TextEncoder().encode(normalized).length > MAX_NAME_BYTES) {
    throw new DriveError('INVALID_NAME', `A name cannot be longer than ${MAX_NAME_BYTES} bytes.`);
  }
  return normalized;
}

/** Splits "/a/b/c" (or "a/b/c") into normalised names; "/" and "" are the root (no names). */
export function splitPath(path: string): string[] {
  if (typeof path !== 'string') throw new DriveError('INVALID_NAME', 'A path must be a string.');
  return path
    .split('/')
    .filter((segment) => segment !== '')
    .map(normalizeName);
}

import { z } from 'zod';
import { AppError } from '../errors/app-error.js';
import { type PagePosition } from './nodes.repository.js';

/** The opaque cursor of the page that follows an item sorted by `at`, then `id`. */
export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url');
}

/**
 * Reads a cursor made by {@link encodeCursor}. `idSchema` says what an id of the listing looks
 * like: node ids are UUIDs (the default), link ids are not.
 * @throws AppError VALIDATION_FAILED (at `query.cursor`) for anything else.
 */
export function decodeCursor(cursor: string | undefined, idSchema: z.ZodType<string> = z.uuid()): PagePosition | undefined {
  if (cursor === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const result = z.tuple([z.iso.datetime(), idSchema]).safeParse(parsed);
  if (!result.success) {
    throw new AppError('VALIDATION_FAILED', 'malformed page cursor', { issues: [{ path: 'query.cursor', message: 'is not a cursor this API handed out' }] });
  }
  const [at, id] = result.data;
  return { at: new Date(at), id };
}

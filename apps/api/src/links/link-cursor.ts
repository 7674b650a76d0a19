// Cursors of the "my links" listing: the position of a page's last link (creation time, link
// id), opaque to clients. The drive's cursors (nodes/page-cursor.ts) hold node ids, which are
// UUIDs; link ids are not, hence a cursor of its own, in the same form.
import { z } from 'zod';
import { AppError } from '../errors/app-error.js';
import { type PagePosition } from '../nodes/nodes.repository.js';
import { linkIdSchema } from './links.dto.js';

const position = z.tuple([z.iso.datetime(), linkIdSchema]);

/** The cursor of the page that follows the link created at `at` with id `id`. */
export function encodeLinkCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url');
}

/**
 * Reads a cursor made by {@link encodeLinkCursor}.
 * @throws AppError VALIDATION_FAILED (at `query.cursor`) for anything else.
 */
export function decodeLinkCursor(cursor: string | undefined): PagePosition | undefined {
  if (cursor === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const result = position.safeParse(parsed);
  if (!result.success) {
    throw new AppError('VALIDATION_FAILED', 'malformed links cursor', { issues: [{ path: 'query.cursor', message: 'is not a cursor this API handed out' }] });
  }
  const [at, id] = result.data;
  return { at: new Date(at), id };
}

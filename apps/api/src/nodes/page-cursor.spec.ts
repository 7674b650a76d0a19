import { describe, expect, it } from 'vitest';
import { appError } from '../../test/fixtures.js';
import { decodeCursor, encodeCursor } from './page-cursor.js';

describe('page cursors', () => {
  it('come back as the position they were made from', () => {
    const at = new Date('2026-11-23T12:34:56.789Z');
    const id = '0d6f2b1e-9a4c-4c3b-8e7d-1f2a3b4c5d6e';
    expect(decodeCursor(encodeCursor(at, id))).toEqual({ at, id });
    expect(decodeCursor(undefined)).toBeUndefined();
  });

  it.each(['', '!!', Buffer.from('{"at":1}').toString('base64url'), Buffer.from('["2026-11-23T12:34:56.789Z","x"]').toString('base64url'), Buffer.from('["soon","0d6f2b1e-9a4c-4c3b-8e7d-1f2a3b4c5d6e"]').toString('base64url')])(
    'refuses %j with VALIDATION_FAILED at query.cursor',
    (cursor) => {
      expect(() => decodeCursor(cursor)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', issues: [{ path: 'query.cursor', message: 'is not a cursor this API handed out' }] }));
      expect(() => decodeCursor(cursor)).toThrow(appError('VALIDATION_FAILED'));
    },
  );
});

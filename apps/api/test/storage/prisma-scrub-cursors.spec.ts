// The scrub's listing cursors in a real Postgres database (and in the embedded PGlite): a cursor
// moves only from where it is, so concurrent runs never move one back, and it survives the
// instance that wrote it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Database, openDatabase } from '@coffre/db/client';
import { createTestDatabase } from '@coffre/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaScrubCursors } from '../../src/storage/prisma-scrub-cursors.js';

const key = (digit: string) => digit.repeat(64);

function describeScrubCursors(name: string, open: () => Promise<{ database: Database; dispose: () => Promise<void> }>) {
  describe(name, () => {
    let database: Database;
    let cursors: PrismaScrubCursors;
    let dispose: () => Promise<void>;

    beforeAll(async () => {
      const opened = await open();
      database = opened.database;
      dispose = opened.dispose;
      cursors = new PrismaScrubCursors(database);
    });
    afterAll(() => dispose?.());

    it('starts a backend at the first key, and moves its cursor only from where it is', async () => {
      expect(await cursors.get('fs-a')).toBeUndefined();
      expect(await cursors.advance('fs-a', key('1'), key('2'))).toBe(false);
      expect(await cursors.advance('fs-a', undefined, key('1'))).toBe(true);
      expect(await cursors.advance('fs-a', undefined, key('9'))).toBe(false);
      expect(await cursors.advance('fs-a', key('3'), key('4'))).toBe(false);
      expect(await cursors.get('fs-a')).toBe(key('1'));
      expect(await cursors.advance('fs-a', key('1'), key('5'))).toBe(true);
      expect(await cursors.get('fs-a')).toBe(key('5'));
      // Other backends have cursors of their own.
      expect(await cursors.get('fs-b')).toBeUndefined();
    });

    it('goes back to the first key after the end, and on from there', async () => {
      await cursors.advance('fs-c', undefined, key('7'));
      expect(await cursors.advance('fs-c', key('7'), undefined)).toBe(true);
      expect(await cursors.get('fs-c')).toBeUndefined();
      expect(await cursors.advance('fs-c', key('7'), key('8'))).toBe(false);
      expect(await cursors.advance('fs-c', undefined, key('2'))).toBe(true);
      expect(await cursors.get('fs-c')).toBe(key('2'));
    });

    it('lets exactly one of several runs moving the same cursor at once win, from the start or from a key', async () => {
      const fromStart = await Promise.all(['1', '2', '3', '4', '5'].map((digit) => cursors.advance('fs-d', undefined, key(digit))));
      expect(fromStart.filter(Boolean)).toHaveLength(1);
      const winner = await cursors.get('fs-d');
      const fromKey = await Promise.all(['6', '7', '8', '9'].map((digit) => cursors.advance('fs-d', winner, key(digit))));
      expect(fromKey.filter(Boolean)).toHaveLength(1);
    });

    it('is the same cursor for another instance over the same database', async () => {
      await cursors.advance('fs-e', undefined, key('a'));
      expect(await new PrismaScrubCursors(database).get('fs-e')).toBe(key('a'));
    });
  });
}

describeScrubCursors('PrismaScrubCursors on Postgres', async () => {
  const database = await createTestDatabase();
  return { database: { prisma: database.prisma, close: async () => undefined }, dispose: () => database.drop() };
});

describeScrubCursors('PrismaScrubCursors on the embedded PGlite', async () => {
  const directory = await mkdtemp(path.join(tmpdir(), 'coffre-scrub-cursors-'));
  const database = await openDatabase({ pgliteDataDir: path.join(directory, 'pglite') });
  return {
    database,
    dispose: async () => {
      await database.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
});

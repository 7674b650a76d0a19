// createTestDatabase: a migrated database of its own per call, and gone after drop().
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../src/testing.js';
import { databaseExists, newAccount } from './support.js';

function databaseName(url: string): string {
  return new URL(url).pathname.slice(1);
}

describe('createTestDatabase', () => {
  it('creates a uniquely named, migrated database and drops it, open connections and all', async () => {
    const [first, second] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    try {
      expect(databaseName(first.url)).toMatch(/^coffre_test_[0-9a-f]{12}$/);
      expect(databaseName(first.url)).not.toBe(databaseName(second.url));

      await first.prisma.account.create({ data: newAccount('only-in-first@example.org') });
      expect(await first.prisma.account.count()).toBe(1);
      expect(await second.prisma.account.count()).toBe(0);
    } finally {
      await Promise.all([first.drop(), second.drop()]);
    }
    expect(await databaseExists(databaseName(first.url))).toBe(false);
    expect(await databaseExists(databaseName(second.url))).toBe(false);
  });

  it('fails, leaving nothing behind, when the server cannot be reached', async () => {
    await expect(createTestDatabase('postgresql://postgres@127.0.0.1:1/postgres')).rejects.toThrow();
  });
});

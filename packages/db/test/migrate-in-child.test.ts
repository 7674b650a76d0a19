// Migrations applied from a short-lived child process (what the API does on Postgres): the same
// outcome as in-process, and the child's failure comes back as an error in the parent.
import type * as childProcess from 'node:child_process';
import { fork } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Database, openDatabase } from '../src/client.js';
import { applyMigrationsInChild } from '../src/migrate-in-child.js';
import { createEmptyDatabase, queryDatabase } from './support.js';

// The real fork, counted: an up-to-date database must not start a child at all.
vi.mock('node:child_process', async (importOriginal) => {
  const original = await importOriginal<typeof childProcess>();
  return { ...original, fork: vi.fn(original.fork) };
});

describe('applyMigrationsInChild', () => {
  let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
  beforeAll(async () => {
    database = await createEmptyDatabase();
  });
  afterAll(() => database?.drop());

  it('migrates an empty database from a child process, then leaves it alone without starting one', async () => {
    vi.mocked(fork).mockClear();
    const first = await applyMigrationsInChild(database.url);
    expect(first.applied.length).toBeGreaterThan(0);
    expect(fork).toHaveBeenCalledTimes(1);
    const recorded = await queryDatabase<{ migration_name: string }>(database.url, 'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name');
    expect(recorded.map((row) => row.migration_name)).toEqual([...first.applied].sort());
    expect((await applyMigrationsInChild(database.url)).applied).toEqual([]);
    expect(fork).toHaveBeenCalledTimes(1);
  });

  it('hands a database with a failed migration on record to the engine, which refuses it', async () => {
    const broken = await createEmptyDatabase();
    try {
      await applyMigrationsInChild(broken.url);
      await queryDatabase(broken.url, "UPDATE _prisma_migrations SET finished_at = NULL, logs = 'failed' WHERE migration_name = (SELECT max(migration_name) FROM _prisma_migrations)");
      vi.mocked(fork).mockClear();
      await expect(applyMigrationsInChild(broken.url)).rejects.toThrow(/migrations failed/);
      expect(fork).toHaveBeenCalledTimes(1);
    } finally {
      await broken.drop();
    }
  });

  it("reports the child's failure when the database cannot be reached", async () => {
    const unreachable = new URL(database.url);
    unreachable.pathname = '/coffre_test_does_not_exist';
    await expect(applyMigrationsInChild(unreachable.toString())).rejects.toThrow(/migrations failed: .*coffre_test_does_not_exist/);
  });

  it("is what openDatabase does with migrateIn: 'child-process'", async () => {
    const empty = await createEmptyDatabase();
    let opened: Database | undefined;
    try {
      opened = await openDatabase({ url: empty.url, migrateIn: 'child-process' });
      expect(await opened.prisma.account.count()).toBe(0);
    } finally {
      await opened?.close();
      await empty.drop();
    }
  });
});

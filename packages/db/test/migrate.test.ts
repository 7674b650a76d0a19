// Every migration applies to a fresh Postgres and a fresh PGlite, exactly as `prisma migrate
// deploy` would record it, and the failure paths leave the database as they found it.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations, type MigrationTarget } from '../src/migrate.js';
import { DEFAULT_MIGRATIONS_DIR } from '../src/migrations-folder.js';
import { copyOfMigrations, createEmptyDatabase, queryDatabase, temporaryDirectory } from './support.js';

interface FreshDatabase {
  target: MigrationTarget;
  query<Row extends object>(sql: string): Promise<Row[]>;
  dispose(): Promise<void>;
}

const databases: Array<[string, () => Promise<FreshDatabase>]> = [
  [
    'Postgres',
    async () => {
      const database = await createEmptyDatabase();
      return { target: { url: database.url }, query: (sql) => queryDatabase(database.url, sql), dispose: database.drop };
    },
  ],
  [
    'PGlite',
    async () => {
      const pglite = new PGlite();
      return {
        target: { pglite },
        query: async <Row extends object>(sql: string) => (await pglite.query<Row>(sql)).rows,
        dispose: () => pglite.close(),
      };
    },
  ],
];

async function realMigrationNames(): Promise<string[]> {
  const entries = await readdir(DEFAULT_MIGRATIONS_DIR, { withFileTypes: true });
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
}

async function addMigration(migrationsDir: string, name: string, sql: string): Promise<void> {
  await mkdir(join(migrationsDir, name));
  await writeFile(join(migrationsDir, name, 'migration.sql'), sql);
}

describe.each(databases)('applyMigrations on %s', (_kind, createDatabase) => {
  let database: FreshDatabase;
  let scratch: Awaited<ReturnType<typeof temporaryDirectory>>;
  let migrationsDir: string;

  beforeAll(async () => {
    [database, scratch] = await Promise.all([createDatabase(), temporaryDirectory()]);
    migrationsDir = await copyOfMigrations(scratch.path);
  });
  afterAll(async () => {
    await database?.dispose();
    await scratch?.remove();
  });

  // The tests below run in order on one database, as its history grows.

  it('applies every migration of the package once, recording each as prisma migrate deploy does', async () => {
    const names = await realMigrationNames();
    expect(names.length).toBeGreaterThan(0);

    expect(await applyMigrations(database.target)).toEqual({ applied: names });

    const recorded = await database.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      'SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY migration_name',
    );
    const checksums = await Promise.all(
      names.map(async (name) =>
        createHash('sha256')
          .update(await readFile(join(DEFAULT_MIGRATIONS_DIR, name, 'migration.sql')))
          .digest('hex'),
      ),
    );
    expect(recorded.map((row) => [row.migration_name, row.checksum])).toEqual(names.map((name, i) => [name, checksums[i]]));
    expect(recorded.every((row) => row.finished_at !== null)).toBe(true);
  });

  it('applies nothing on a second run', async () => {
    expect(await applyMigrations(database.target)).toEqual({ applied: [] });
    const [{ count }] = (await database.query<{ count: number }>('SELECT count(*)::int AS count FROM _prisma_migrations')) as [
      { count: number },
    ];
    expect(count).toBe((await realMigrationNames()).length);
  });

  it('applies a later migration whole, semicolons inside a function body included', async () => {
    await addMigration(
      migrationsDir,
      '29991231000000_function_with_semicolons',
      `CREATE FUNCTION coffre_test_answer() RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1;
  RETURN 42;
END;
$$;
`,
    );
    expect(await applyMigrations(database.target, { migrationsDir })).toEqual({
      applied: ['29991231000000_function_with_semicolons'],
    });
    expect(await database.query('SELECT coffre_test_answer() AS answer')).toEqual([{ answer: 42 }]);
  });

  it('refuses a failing migration without keeping any of it, then refuses to go on', async () => {
    await addMigration(
      migrationsDir,
      '29991231000001_fails_halfway',
      'CREATE TABLE coffre_test_half (id integer);\nSELECT no_such_column FROM coffre_test_half;\n',
    );
    await expect(applyMigrations(database.target, { migrationsDir })).rejects.toThrow(/no_such_column/);

    expect(await database.query("SELECT to_regclass('coffre_test_half') AS half")).toEqual([{ half: null }]);
    const failed = await database.query<{ finished_at: Date | null }>(
      "SELECT finished_at FROM _prisma_migrations WHERE migration_name = '29991231000001_fails_halfway'",
    );
    expect(failed).toEqual([{ finished_at: null }]);

    await rm(join(migrationsDir, '29991231000001_fails_halfway'), { recursive: true });
    await addMigration(migrationsDir, '29991231000001_fails_halfway', 'SELECT 1;\n');
    await expect(applyMigrations(database.target, { migrationsDir })).rejects.toThrow(/failed migrations/);
  });
});

describe('applyMigrations before touching a database', () => {
  it('refuses a migrations folder without its lock file', async () => {
    const scratch = await temporaryDirectory();
    try {
      const migrationsDir = await copyOfMigrations(scratch.path);
      await rm(join(migrationsDir, 'migration_lock.toml'));
      await expect(applyMigrations({ url: 'postgresql://postgres@127.0.0.1:1/none' }, { migrationsDir })).rejects.toThrow(
        /migration_lock\.toml/,
      );
    } finally {
      await scratch.remove();
    }
  });

  it('fails when the database cannot be reached', async () => {
    await expect(applyMigrations({ url: 'postgresql://postgres@127.0.0.1:1/none' })).rejects.toThrow();
  });
});

// schema.prisma and the migrations folder must agree: a schema edit without its migration fails
// here. The same diff writes new migrations, which is tested on a copy of the folder.
import { copyFile, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffMigrationsAgainstSchema } from '../src/diff-migrations.js';
import { DEFAULT_SCHEMA_PATH } from '../src/migrations-folder.js';
import { migrationSlug, migrationTimestamp, writeMigration } from '../src/write-migration.js';
import { copyOfMigrations, temporaryDirectory } from './support.js';

describe('the migrations folder', () => {
  it('produces exactly schema.prisma (otherwise: pnpm --filter @coffre/db migration:new <name>)', async () => {
    expect(await diffMigrationsAgainstSchema()).toBeNull();
  });
});

describe('writeMigration', () => {
  let scratch: Awaited<ReturnType<typeof temporaryDirectory>>;
  let migrationsDir: string;
  let schemaPath: string;

  beforeAll(async () => {
    scratch = await temporaryDirectory();
    migrationsDir = await copyOfMigrations(scratch.path);
    schemaPath = join(scratch.path, 'schema.prisma');
    await copyFile(DEFAULT_SCHEMA_PATH, schemaPath);
  });
  afterAll(() => scratch?.remove());

  // The tests below edit one copy of the schema and migrations, in order.

  it('writes the SQL of a schema edit as the next migration', async () => {
    const schema = await readFile(schemaPath, 'utf8');
    const edited = schema.replace(/(\n\s*email\s+String\??\s+@unique\n)/, '$1  displayName String? @map("display_name")\n');
    expect(edited).not.toBe(schema);
    await writeFile(schemaPath, edited);

    const migration = await writeMigration({
      name: 'Add display name!',
      migrationsDir,
      schemaPath,
      now: new Date('2999-12-31T23:59:58Z'),
    });
    expect(migration.name).toBe('29991231235958_add_display_name');
    expect(migration.sql).toMatch(/ALTER TABLE "accounts" ADD COLUMN\s+"display_name" TEXT/);
    expect(await readFile(migration.path, 'utf8')).toBe(migration.sql);
    expect(await readdir(migrationsDir)).toContain('29991231235958_add_display_name');
  });

  it('refuses when the migrations already produce the schema', async () => {
    await expect(
      writeMigration({ name: 'again', migrationsDir, schemaPath, now: new Date('2999-12-31T23:59:59Z') }),
    ).rejects.toThrow(/nothing to migrate/);
    expect(await readdir(migrationsDir)).not.toContain('29991231235959_again');
  });

  it('refuses a name without a letter or digit, and a migration that would run out of order', async () => {
    await expect(writeMigration({ name: ' -- ', migrationsDir, schemaPath })).rejects.toThrow(/no letter or digit/);
    await expect(
      writeMigration({ name: 'late', migrationsDir, schemaPath, now: new Date('2999-12-31T23:59:57Z') }),
    ).rejects.toThrow(/out of order/);
  });
});

describe('migration folder names', () => {
  it('are a UTC timestamp to the second and a lower-case slug', () => {
    expect(migrationTimestamp(new Date('2026-01-02T03:04:05.678Z'))).toBe('20260102030405');
    expect(migrationSlug('  Add Nodes & Links ')).toBe('add_nodes_links');
    expect(migrationSlug('__init__')).toBe('init');
  });
});

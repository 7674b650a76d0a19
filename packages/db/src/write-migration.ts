// Writes the next migration: the SQL that takes the migrations folder to schema.prisma, in a
// new `<UTC timestamp>_<name>/migration.sql`, named the way the Prisma CLI names its own.
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { diffMigrationsAgainstSchema } from './diff-migrations.js';
import { DEFAULT_MIGRATIONS_DIR, DEFAULT_SCHEMA_PATH, MIGRATION_FILE } from './migrations-folder.js';

export interface WriteMigrationOptions {
  /** What the migration does, e.g. `add_nodes`; lower-cased, other characters become `_`. */
  name: string;
  /** Defaults to this package's prisma/migrations. */
  migrationsDir?: string;
  /** Defaults to this package's prisma/schema.prisma. */
  schemaPath?: string;
  /** The clock, for the folder's timestamp. */
  now?: Date;
}

/** The migration that {@link writeMigration} wrote. */
export interface WrittenMigration {
  /** Folder name, e.g. `20261123120000_add_nodes`. */
  name: string;
  /** Absolute path of its migration.sql. */
  path: string;
  sql: string;
}

/** `add Nodes!` -> `add_nodes`. */
export function migrationSlug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** 2026-11-23T12:00:00Z -> `20261123120000`. */
export function migrationTimestamp(now: Date): string {
  return now.toISOString().replace(/\D/g, '').slice(0, 14);
}

/**
 * Diffs the migrations folder against schema.prisma and writes the difference as a new migration.
 *
 * @throws if schema.prisma needs no new migration, if the name has no letter or digit, or if a
 *   migration with a later timestamp already exists (the new one would run out of order).
 */
export async function writeMigration(options: WriteMigrationOptions): Promise<WrittenMigration> {
  const slug = migrationSlug(options.name);
  if (slug === '') throw new Error(`Migration name ${JSON.stringify(options.name)} has no letter or digit.`);
  const migrationsDir = options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR;
  const folder = `${migrationTimestamp(options.now ?? new Date())}_${slug}`;

  const existing = (await readdir(migrationsDir, { withFileTypes: true })).filter((entry) => entry.isDirectory());
  const later = existing.find((entry) => entry.name >= folder);
  if (later) throw new Error(`Migration ${later.name} already sorts at or after ${folder}; it would run out of order.`);

  const sql = await diffMigrationsAgainstSchema({
    migrationsDir,
    schemaPath: options.schemaPath ?? DEFAULT_SCHEMA_PATH,
  });
  if (sql === null) throw new Error('schema.prisma and the migrations agree: there is nothing to migrate.');

  const path = join(migrationsDir, folder, MIGRATION_FILE);
  await mkdir(join(migrationsDir, folder));
  await writeFile(path, sql);
  return { name: folder, path, sql };
}

// The migrations folder, laid out exactly as the Prisma CLI expects it
// (`<timestamp>_<name>/migration.sql` beside `migration_lock.toml`), so that `prisma migrate
// deploy` on a machine with the native engine sees the same history as this package does.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
// A type-only import: the migrate-in-child path reads this folder without loading the engine.
import type { MigrationList } from './schema-engine.js';

/** The package's own schema.prisma (this file sits one level below the package root, in src/ or dist/). */
export const DEFAULT_SCHEMA_PATH = fileURLToPath(new URL('../prisma/schema.prisma', import.meta.url));

/** The package's own migrations folder. */
export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL('../prisma/migrations', import.meta.url));

export const MIGRATION_LOCK_FILE = 'migration_lock.toml';
export const MIGRATION_FILE = 'migration.sql';

/**
 * Loads every migration of `migrationsDir`, oldest first (folder names start with a UTC
 * timestamp, so name order is time order).
 *
 * @throws if the folder or its lock file cannot be read: without the lock file the engine
 *   refuses to diff, and a missing folder is a wrong path, not an empty history.
 */
export async function readMigrations(migrationsDir: string): Promise<MigrationList> {
  const lockContent = await readFile(join(migrationsDir, MIGRATION_LOCK_FILE), 'utf8');
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const migrationDirectories = await Promise.all(
    names.map(async (name) => ({
      path: name,
      migrationFile: {
        path: MIGRATION_FILE,
        content: await readFile(join(migrationsDir, name, MIGRATION_FILE), 'utf8').then(
          (sql) => ({ tag: 'ok' as const, value: sql }),
          (error: unknown) => ({ tag: 'error' as const, value: String(error) }),
        ),
      },
    })),
  );
  return {
    baseDir: migrationsDir,
    lockfile: { path: MIGRATION_LOCK_FILE, content: lockContent },
    shadowDbInitScript: '',
    migrationDirectories,
  };
}

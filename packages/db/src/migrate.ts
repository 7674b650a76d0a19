// Applies the migrations folder to a database, the way `prisma migrate deploy` does: pending
// migrations run in order, each is recorded in `_prisma_migrations`, and a database that is
// already up to date is left alone.
import { readFile } from 'node:fs/promises';
import { type PGlite } from '@electric-sql/pglite';
import { type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { DEFAULT_MIGRATIONS_DIR, DEFAULT_SCHEMA_PATH, readMigrations } from './migrations-folder.js';
import { pgliteMigrationAdapter, postgresMigrationAdapter } from './migration-adapters.js';
import { NO_EXTERNAL_ENTITIES, withSchemaEngine } from './schema-engine.js';

/** A database to migrate: a Postgres connection string, or an open PGlite the caller owns. */
export type MigrationTarget = { url: string } | { pglite: PGlite };

export interface ApplyMigrationsOptions {
  /** Defaults to this package's prisma/migrations. */
  migrationsDir?: string;
  /** Defaults to this package's prisma/schema.prisma. */
  schemaPath?: string;
  /** Receives the engine's JSON log lines. */
  onLog?: (line: string) => void;
}

/** The outcome of {@link applyMigrations}. */
export interface AppliedMigrations {
  /** Folder names of the migrations this call applied, oldest first; empty if none was pending. */
  applied: string[];
}

/**
 * Applies every pending migration to `target`. Safe to call on every start: a second call
 * applies nothing. Like `prisma migrate deploy`, it does not notice a migration edited after it
 * was applied: never edit one, add another.
 *
 * @throws if a migration fails (it is then recorded as failed, and later calls refuse to go on
 *   until it is resolved), if the migrations folder cannot be read, or if the database cannot be
 *   reached.
 */
export async function applyMigrations(
  target: MigrationTarget,
  options: ApplyMigrationsOptions = {},
): Promise<AppliedMigrations> {
  const schemaPath = options.schemaPath ?? DEFAULT_SCHEMA_PATH;
  const [schemaText, migrationsList] = await Promise.all([
    readFile(schemaPath, 'utf8'),
    readMigrations(options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR),
  ]);
  return withMigrationAdapter(target, async (adapterFactory) => {
    const output = await withSchemaEngine(
      { schemaPath, schemaText, adapterFactory, ...(options.onLog ? { onLog: options.onLog } : {}) },
      (engine) => engine.applyMigrations({ migrationsList, filters: NO_EXTERNAL_ENTITIES }),
    );
    return { applied: output.appliedMigrationNames };
  });
}

async function withMigrationAdapter<T>(
  target: MigrationTarget,
  use: (factory: SqlMigrationAwareDriverAdapterFactory) => Promise<T>,
): Promise<T> {
  if ('pglite' in target) return use(pgliteMigrationAdapter(target.pglite));
  // One connection: the engine's advisory lock must stay on the session that migrates. The pool
  // is ours, so it is ended here and idle connections do not keep the process alive.
  const pool = new pg.Pool({ connectionString: target.url, max: 1 });
  try {
    return await use(postgresMigrationAdapter(pool));
  } finally {
    await pool.end();
  }
}

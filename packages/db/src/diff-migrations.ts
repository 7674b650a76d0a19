// What schema.prisma asks for that the migrations folder does not yet do, as SQL. Used to write
// new migrations and, in the test suite, to catch a schema edit that has no migration.
import { readFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { DEFAULT_MIGRATIONS_DIR, DEFAULT_SCHEMA_PATH, readMigrations } from './migrations-folder.js';
import { pgliteMigrationAdapter } from './migration-adapters.js';
import { NO_EXTERNAL_ENTITIES, withSchemaEngine } from './schema-engine.js';

export interface DiffMigrationsOptions {
  /** Defaults to this package's prisma/migrations. */
  migrationsDir?: string;
  /** Defaults to this package's prisma/schema.prisma. */
  schemaPath?: string;
}

/**
 * Replays every migration into a throwaway in-memory PGlite and compares the result with
 * schema.prisma.
 *
 * @returns the SQL that would bring the migrated database to the schema, or `null` when the
 *   migrations already produce exactly the schema.
 * @throws if a migration fails to apply or the schema is invalid.
 */
export async function diffMigrationsAgainstSchema(options: DiffMigrationsOptions = {}): Promise<string | null> {
  const schemaPath = options.schemaPath ?? DEFAULT_SCHEMA_PATH;
  const [schemaText, migrationsList] = await Promise.all([
    readFile(schemaPath, 'utf8'),
    readMigrations(options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR),
  ]);
  // The engine replays the migrations into its shadow database. The same empty in-memory
  // instance also serves as its main connection, which a diff only asks whether a schema
  // exists: one PGlite boot (seconds here) instead of two.
  const scratch = new PGlite();
  try {
    const result = await withSchemaEngine(
      { schemaPath, schemaText, adapterFactory: pgliteMigrationAdapter(scratch, scratch) },
      (engine) =>
        engine.diff({
          from: { tag: 'migrations', ...migrationsList },
          to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: schemaText }] },
          script: true,
          exitCode: true,
          filters: NO_EXTERNAL_ENTITIES,
        }),
    );
    // With exitCode requested the engine answers 2 when there is a difference, 0 when none.
    return result.exitCode === 0 ? null : (result.stdout ?? '');
  } finally {
    await scratch.close();
  }
}

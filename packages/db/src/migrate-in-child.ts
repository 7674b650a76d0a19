// Applying migrations in a short-lived child process, so that a long-running server does not
// keep the schema engine's memory: its WebAssembly, the code V8 compiled for it and the C
// allocator's arenas stay resident after the engine is done (about 20 MiB measured on the API;
// a worker thread gave back only half of it). A process gives everything back when it exits.
import { fork } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
// A type-only import: a value import would load the schema engine's bindings into the server.
import type { AppliedMigrations } from './migrate.js';
import { DEFAULT_MIGRATIONS_DIR } from './migrations-folder.js';

/** What the parent sends the child: the database (not on the command line, where `ps` shows it). */
export interface MigrateRequest {
  url: string;
}

/** What the child answers before it exits. */
export type MigrateReply = { ok: true; applied: string[] } | { ok: false; message: string };

/**
 * Applies pending migrations to the Postgres database at `url` from a child process, as
 * `applyMigrations({ url })` would in this one. A database that has recorded every migration of
 * the folder as finished, and none as failed, is left alone without starting the engine at all
 * (a restart of an up-to-date server): the engine would apply nothing there either.
 *
 * @throws Error with the child's message if a migration fails or the database cannot be reached,
 *   or if the child dies without answering.
 */
export async function applyMigrationsInChild(url: string): Promise<AppliedMigrations> {
  if (await isUpToDate(url)) return { applied: [] };
  const entry = new URL(`./migrate-child-main.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url);
  // Run from the sources (tests), the child needs the same TypeScript loader.
  const execArgv = entry.pathname.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = fork(fileURLToPath(entry), [], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'json' });
  const reply = await new Promise<MigrateReply>((resolve, reject) => {
    let answered: MigrateReply | undefined;
    child.once('message', (message) => (answered = message as MigrateReply));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (answered !== undefined) resolve(answered);
      else reject(new Error(`the migration process exited without answering (code ${code}, signal ${signal})`));
    });
    child.send({ url } satisfies MigrateRequest);
  });
  if (!reply.ok) throw new Error(`migrations failed: ${reply.message}`);
  return { applied: reply.applied };
}

/**
 * Whether `_prisma_migrations` records every migration folder as finished and nothing as failed
 * or rolled back. Anything else (no table yet, a pending or failed migration) is the engine's to
 * handle, and to report.
 */
async function isUpToDate(url: string): Promise<boolean> {
  const entries = await readdir(DEFAULT_MIGRATIONS_DIR, { withFileTypes: true });
  const folders = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query<{ migration_name: string; ok: boolean }>(
      'SELECT migration_name, finished_at IS NOT NULL AND rolled_back_at IS NULL AS ok FROM _prisma_migrations',
    );
    const finished = new Set(rows.filter((row) => row.ok).map((row) => row.migration_name));
    return rows.every((row) => row.ok || finished.has(row.migration_name)) && folders.every((name) => finished.has(name));
  } catch {
    return false; // no such table yet, or no database: the engine says what is wrong
  } finally {
    await client.end().catch(() => undefined);
  }
}

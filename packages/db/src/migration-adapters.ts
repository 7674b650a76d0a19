// Driver adapters for the schema engine. The engine hands each migration to the adapter's
// `executeScript`, and neither stock adapter runs it the way the native engine does (the whole
// file as one simple-protocol query, which Postgres runs as one implicit transaction):
// - @prisma/adapter-pg 7.10 splits the script on every `;` and runs the pieces one by one, which
//   breaks any function body or string holding a `;` and leaves half a migration behind when a
//   later statement fails;
// - pglite-prisma-adapter 0.7.2 starts `exec` without awaiting it, so a failing migration is
//   recorded as applied and its error surfaces later as an unhandled rejection.
// Both are wrapped here so that a migration is sent whole, awaited, and applied all or nothing.
import { type PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  DriverAdapterError,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';

/** The fields of a Postgres error (from pg or PGlite) that Prisma's error mapping reads. */
interface PostgresErrorFields {
  code?: string;
  severity?: string;
  message: string;
  detail?: string;
  column?: string;
  hint?: string;
}

function isPostgresError(error: unknown): error is PostgresErrorFields {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string';
}

/** Runs a whole migration script and reports a database error in the form the engine reads. */
async function runScript(run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (!isPostgresError(error)) throw error;
    throw new DriverAdapterError({
      kind: 'postgres',
      code: error.code ?? 'N/A',
      severity: error.severity ?? 'ERROR',
      message: error.message,
      detail: error.detail,
      column: error.column,
      hint: error.hint,
    });
  }
}

/** `adapter`, with `executeScript` replaced. */
function withScriptRunner(adapter: SqlDriverAdapter, executeScript: (script: string) => Promise<void>): SqlDriverAdapter {
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query) => adapter.queryRaw(query),
    executeRaw: (query) => adapter.executeRaw(query),
    executeScript,
    startTransaction: (isolationLevel) => adapter.startTransaction(isolationLevel),
    getConnectionInfo: () => adapter.getConnectionInfo?.() ?? { supportsRelationJoins: true },
    dispose: () => adapter.dispose(),
  };
}

const NO_SHADOW = (): Promise<never> =>
  Promise.reject(new Error('This schema engine has no shadow database: it only applies migrations.'));

async function connectPGlite(pglite: PGlite): Promise<SqlDriverAdapter> {
  const adapter = await new PrismaPGlite(pglite).connect();
  return withScriptRunner(adapter, (script) => runScript(() => pglite.exec(script)));
}

/**
 * A migration-aware adapter factory over PGlite instances that the caller owns and closes.
 *
 * @param main the database migrations are applied to.
 * @param shadow the database the engine may replay migrations into when it diffs; omit it when
 *   only applying, so that nothing can ever treat a real database as disposable.
 */
export function pgliteMigrationAdapter(main: PGlite, shadow?: PGlite): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: 'postgres',
    adapterName: '@coffre/db/pglite-migrations',
    connect: () => connectPGlite(main),
    connectToShadowDb: shadow === undefined ? NO_SHADOW : () => connectPGlite(shadow),
  };
}

/**
 * A migration adapter factory over a pg pool that the caller owns and ends. The pool must have
 * a single connection: the engine holds a session-level advisory lock while it migrates (so
 * that concurrent starts migrate once), and that lock lives on one connection.
 */
export function postgresMigrationAdapter(pool: pg.Pool): SqlMigrationAwareDriverAdapterFactory {
  const factory = new PrismaPg(pool);
  return {
    provider: 'postgres',
    adapterName: '@coffre/db/postgres-migrations',
    connect: async () => {
      const adapter = await factory.connect();
      // No parameters: pg sends the script over the simple protocol, whole.
      return withScriptRunner(adapter, (script) => runScript(() => pool.query(script)));
    },
    connectToShadowDb: NO_SHADOW,
  };
}

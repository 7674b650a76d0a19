// Opens Coffre's database: a Postgres server when one is configured, otherwise an embedded
// PGlite data directory inside the process. Either way the schema is brought up to date first,
// so callers always get a client that matches the code.
//
// PGlite, its adapter and the in-process migration code (the schema engine's bindings) are
// imported only on the paths that use them: a server on Postgres that migrates from a child
// process never loads them, and they stayed resident in it otherwise (about 9 MiB of the API's).
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client.js';
import { applyMigrationsInChild } from './migrate-in-child.js';

export { Prisma, PrismaClient } from './generated/prisma/client.js';
export type { Account, Session } from './generated/prisma/client.js';
export type { Link, Share } from './generated/prisma/client.js';
export type { FileVersion, Node, ObjectPurge, VersionPart } from './generated/prisma/client.js';

/**
 * Where the database lives: a Postgres connection string, or a PGlite data directory. A server
 * migrates a Postgres database from a short-lived child process (`migrateIn: 'child-process'`,
 * migrate-in-child.ts) so that the schema engine's memory leaves with it; an embedded PGlite
 * belongs to this process, so it is always migrated here.
 */
export type OpenDatabaseOptions = { url: string; migrateIn?: 'this-process' | 'child-process' } | { pgliteDataDir: string };

/** An open database. */
export interface Database {
  prisma: PrismaClient;
  /** Disconnects the client and, for PGlite, closes the data directory. Call it exactly once. */
  close(): Promise<void>;
}

/**
 * Applies pending migrations, then returns a Prisma client on the database.
 *
 * @throws if the database cannot be reached or a migration fails; nothing is left open then.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if ('url' in options) {
    if (options.migrateIn === 'child-process') await applyMigrationsInChild(options.url);
    else await (await import('./migrate.js')).applyMigrations({ url: options.url });
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: options.url }) });
    return { prisma, close: () => prisma.$disconnect() };
  }
  return openPGlite(options.pgliteDataDir);
}

/** Opens (creating it if need be) and migrates an embedded PGlite data directory. */
async function openPGlite(dataDir: string): Promise<Database> {
  const [{ PGlite }, { PrismaPGlite }, { applyMigrations }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('pglite-prisma-adapter'),
    import('./migrate.js'),
  ]);
  const pglite = new PGlite(dataDir);
  try {
    await pglite.waitReady;
    await applyMigrations({ pglite });
  } catch (error) {
    await pglite.close();
    throw error;
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    prisma,
    close: async () => {
      await prisma.$disconnect();
      // PGlite is ours; left open, it keeps the process alive for about ten seconds.
      await pglite.close();
    },
  };
}

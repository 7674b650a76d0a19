import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { type ApiConfig } from '@coffre/config/api';
import { type Database, openDatabase } from '@coffre/db/client';
import { API_CONFIG } from '../config/api-config.module.js';

/** Injection token for the open {@link Database}. Only repositories inject it. */
export const DATABASE = Symbol('Database');

const logger = new Logger('Database');

async function connectDatabase(config: ApiConfig): Promise<Database> {
  // Opening applies pending migrations, so the API never serves a schema older than its code; on
  // Postgres from a child process, whose schema engine takes its memory with it when it exits.
  const { database } = config;
  if (database.kind === 'postgres') return openDatabase({ url: database.url, migrateIn: 'child-process' });
  // PGlite creates its own directory but not the ones above it, e.g. a fresh COFFRE_DATA_DIR.
  await mkdir(path.dirname(database.dataDir), { recursive: true });
  return openDatabase({ pgliteDataDir: database.dataDir });
}

/**
 * Provides the database under {@link DATABASE}: Postgres when `DATABASE_URL` is set, otherwise the
 * embedded PGlite in the data directory. Closes it when the application shuts down.
 */
@Global()
@Module({
  providers: [{ provide: DATABASE, inject: [API_CONFIG], useFactory: connectDatabase }],
  exports: [DATABASE],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
    logger.log('database closed');
  }
}

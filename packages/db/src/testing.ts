// Throwaway databases for integration tests: each test file gets its own freshly migrated
// database on the local Postgres server, so files run in parallel without seeing each other.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from './client.js';
import { type PrismaClient } from './generated/prisma/client.js';

/** The local test server: trust authentication, user postgres. */
export const TEST_SERVER_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

/** A migrated test database and a client on it. */
export interface TestDatabase {
  /** Connection string of the new database, for code under test that connects by itself. */
  url: string;
  prisma: PrismaClient;
  /** Disconnects the client and drops the database, even if other connections remain. */
  drop(): Promise<void>;
}

/** Runs one statement on the test server's maintenance database. */
async function administer(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** `coffre_test_` and 12 random hex digits: unique, and a valid unquoted identifier. */
export function testDatabaseName(): string {
  return `coffre_test_${randomBytes(6).toString('hex')}`;
}

/**
 * Creates a uniquely named database on the local Postgres server (`serverUrl`, by default
 * {@link TEST_SERVER_URL}), applies every migration and opens a client on it.
 *
 * @throws if the server cannot be reached or a migration fails; the database is dropped then.
 */
export async function createTestDatabase(serverUrl: string = TEST_SERVER_URL): Promise<TestDatabase> {
  const name = testDatabaseName();
  await administer(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const dropDatabase = () => administer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  try {
    const { prisma, close } = await openDatabase({ url: url.toString() });
    return {
      url: url.toString(),
      prisma,
      drop: async () => {
        await close();
        await dropDatabase();
      },
    };
  } catch (error) {
    await dropDatabase();
    throw error;
  }
}

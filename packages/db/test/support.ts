// Fixtures shared by this package's integration tests.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DEFAULT_MIGRATIONS_DIR } from '../src/migrations-folder.js';
import { TEST_SERVER_URL, testDatabaseName } from '../src/testing.js';

/** A fresh directory under the system temp dir, and how to remove it. */
export async function temporaryDirectory(): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'coffre-db-test-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** A copy of the real migrations folder that a test may add to or break. */
export async function copyOfMigrations(parent: string): Promise<string> {
  const copy = join(parent, 'migrations');
  await cp(DEFAULT_MIGRATIONS_DIR, copy, { recursive: true });
  return copy;
}

async function onTestServer<T>(use: (client: pg.Client) => Promise<T>, url = TEST_SERVER_URL): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** An empty, unmigrated database on the local server. */
export async function createEmptyDatabase(): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = testDatabaseName();
  await onTestServer((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => onTestServer((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  };
}

/** Whether a database of that name exists on the local server. */
export function databaseExists(name: string): Promise<boolean> {
  return onTestServer(async (client) => {
    const result = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return result.rowCount === 1;
  });
}

/** Runs one query on a database of the local server and returns its rows. */
export function queryDatabase<Row extends object>(url: string, sql: string): Promise<Row[]> {
  return onTestServer(async (client) => (await client.query<Row>(sql)).rows, url);
}

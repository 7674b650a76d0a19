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

/**
 * The data of an account row: `email` and placeholder credentials. The columns are required,
 * but what they hold (OPAQUE record, key bundle) is opaque to the database.
 */
export function newAccount(email: string) {
  return {
    email,
    opaqueRecord: 'opaque-record',
    bundleVersion: 1,
    bundleGeneration: 1,
    rootKeyWrap: 'root-key-wrap',
    sharingPublicKey: 'sharing-public-key',
    sharingSecretKeyWrap: 'sharing-secret-key-wrap',
    signingPublicKey: 'signing-public-key',
    signingSecretKeyWrap: 'signing-secret-key-wrap',
    recoveryWrap: 'recovery-wrap',
  };
}

/** SQL inserting an account row with placeholder credentials, for tests that speak plain SQL. */
export function insertAccountSql(email: string): string {
  return `INSERT INTO accounts (email, updated_at, opaque_record, bundle_version, bundle_generation, root_key_wrap,
    sharing_public_key, sharing_secret_key_wrap, signing_public_key, signing_secret_key_wrap, recovery_wrap)
    VALUES ('${email}', now(), 'r', 1, 1, 'w', 'p', 'w', 'p', 'w', 'w')`;
}

// The embedded server: several pooled clients at once, through Prisma and through plain pg, with
// each client's extended queries and transactions kept to itself.
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../src/client.js';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '../src/embedded-server.js';
import { insertAccountSql, newAccount, temporaryDirectory } from './support.js';

describe('startEmbeddedPostgres', () => {
  let scratch: Awaited<ReturnType<typeof temporaryDirectory>>;
  let dataDir: string;
  let server: EmbeddedPostgres | undefined;

  beforeAll(async () => {
    scratch = await temporaryDirectory();
    dataDir = join(scratch.path, 'pgdata');
    server = await startEmbeddedPostgres({ dataDir, host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await server?.stop();
    await scratch?.remove();
  });

  // The tests below share one server and data directory, in order.

  it('serves a plain connection string on the port it picked', () => {
    expect(server!.url).toMatch(/^postgresql:\/\/postgres:postgres@127\.0\.0\.1:\d+\/postgres$/);
    expect(server!.url).not.toMatch(/:0\//);
  });

  it('answers many pooled pg connections at once, each with its own results', async () => {
    const pool = new pg.Pool({ connectionString: server!.url, max: 8 });
    try {
      const asked = Array.from({ length: 400 }, (_, i) => i);
      // Alternate statement shapes so that one client binding another's unnamed statement
      // would fail or answer wrongly.
      const answers = await Promise.all(
        asked.map(async (i) =>
          i % 2 === 0
            ? Number((await pool.query<{ n: number }>('SELECT $1::int AS n', [i])).rows[0]!.n)
            : Number((await pool.query<{ n: string }>("SELECT $1::text || '' AS n, now() AS at", [String(i)])).rows[0]!.n),
        ),
      );
      expect(answers).toEqual(asked);
      expect(pool.totalCount).toBeGreaterThan(1);
    } finally {
      await pool.end();
    }
  });

  it('keeps concurrent Prisma transactions and writes from several clients whole', async () => {
    const clients: Database[] = [];
    try {
      // The first one migrates the empty data directory over the wire; the others find it done.
      for (let i = 0; i < 3; i++) clients.push(await openDatabase({ url: server!.url }));
      const writes = Array.from({ length: 60 }, (_, i) => {
        const prisma = clients[i % clients.length]!.prisma;
        if (i % 3 !== 0) return prisma.account.create({ data: newAccount(`plain-${i}@example.org`) });
        return prisma.$transaction(async (tx) => {
          const account = await tx.account.create({ data: newAccount(`draft-${i}@example.org`) });
          return tx.account.update({ where: { id: account.id }, data: { email: `tx-${i}@example.org` } });
        });
      });
      const outcomes = await Promise.allSettled(writes);
      expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
      const emails = (await clients[0]!.prisma.account.findMany()).map((account) => account.email);
      expect(emails).toHaveLength(60);
      expect(emails.filter((email) => email?.startsWith('draft-'))).toEqual([]);
    } finally {
      await Promise.all(clients.map((client) => client.close()));
    }
  });

  it('makes other clients wait for an open transaction, and rolls it back when its client leaves', async () => {
    const holder = new pg.Client({ connectionString: server!.url });
    const other = new pg.Client({ connectionString: server!.url });
    await Promise.all([holder.connect(), other.connect()]);
    try {
      await holder.query('BEGIN');
      await holder.query(insertAccountSql('abandoned@example.org'));
      let answered = false;
      const count = other
        .query<{ n: number }>("SELECT count(*)::int AS n FROM accounts WHERE email = 'abandoned@example.org'")
        .then((result) => {
          answered = true;
          return result.rows[0]!.n;
        });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(answered).toBe(false);
      await holder.end();
      expect(await count).toBe(0);
    } finally {
      await other.end();
    }
  });

  it('keeps the data across a restart, and turns away clients beyond its limit as Postgres does', async () => {
    await server!.stop();
    server = await startEmbeddedPostgres({ dataDir, host: '127.0.0.1', port: 0, maxConnections: 1 });
    const first = new pg.Client({ connectionString: server.url });
    const second = new pg.Client({ connectionString: server.url });
    await first.connect();
    try {
      const { rows } = await first.query<{ n: number }>('SELECT count(*)::int AS n FROM accounts');
      expect(rows[0]!.n).toBe(60);
      await expect(second.connect()).rejects.toThrow(/too many clients/);
    } finally {
      await first.end();
    }
  });

  it('closes its clients when it stops', async () => {
    const client = new pg.Client({ connectionString: server!.url });
    client.on('error', () => {});
    await client.connect();
    await server!.stop();
    server = undefined;
    await expect(client.query('SELECT 1')).rejects.toThrow();
  });
});

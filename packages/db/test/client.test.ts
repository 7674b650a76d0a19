// The generated client against both databases openDatabase can open: CRUD, the unique email,
// sessions and their cascade, persistence of a PGlite data directory, and a close that lets the
// process exit.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase, Prisma } from '../src/client.js';
import { createTestDatabase, type TestDatabase } from '../src/testing.js';
import { newAccount, temporaryDirectory } from './support.js';

/** Create, read, update, delete one account, and the unique email on the way. */
async function exerciseAccounts(prisma: Database['prisma']): Promise<void> {
  const created = await prisma.account.create({ data: newAccount('ada@example.org') });
  expect(created.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  expect(created.createdAt).toBeInstanceOf(Date);
  expect(created).toMatchObject({ quotaBytes: 10n * 1024n ** 3n, usedBytes: 0n, deletedAt: null });

  const duplicate = prisma.account.create({ data: newAccount('ada@example.org') });
  await expect(duplicate).rejects.toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
  await expect(duplicate).rejects.toMatchObject({ code: 'P2002' });

  const updated = await prisma.account.update({ where: { id: created.id }, data: { email: 'ada@example.net' } });
  expect(updated.email).toBe('ada@example.net');
  expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(created.updatedAt.getTime());
  expect(await prisma.account.findUnique({ where: { email: 'ada@example.net' } })).toEqual(updated);

  await prisma.account.delete({ where: { id: created.id } });
  expect(await prisma.account.count()).toBe(0);
}

describe('openDatabase on Postgres', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.drop());

  it('gives a client that creates, reads, updates and deletes accounts, one email each', async () => {
    await exerciseAccounts(database.prisma);
  });

  it('stores sessions by token hash, one row per hash, and drops them with their account', async () => {
    const account = await database.prisma.account.create({ data: newAccount('grace@example.org') });
    const now = new Date();
    const session = {
      accountId: account.id,
      tokenHash: new Uint8Array(32).fill(1),
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + 60_000),
    };
    const created = await database.prisma.session.create({ data: session });
    expect(created).toMatchObject({ revokedAt: null, userAgent: null, ip: null });
    expect(await database.prisma.session.findUnique({ where: { tokenHash: new Uint8Array(32).fill(1) } })).toEqual(created);
    await expect(database.prisma.session.create({ data: session })).rejects.toMatchObject({ code: 'P2002' });

    await database.prisma.account.delete({ where: { id: account.id } });
    expect(await database.prisma.session.count()).toBe(0);
  });

  it('lets any number of deleted accounts (email erased) coexist', async () => {
    await database.prisma.account.createMany({ data: [newAccount('a@example.org'), newAccount('b@example.org')] });
    await database.prisma.account.updateMany({ data: { email: null, deletedAt: new Date() } });
    expect(await database.prisma.account.count({ where: { email: null } })).toBe(2);
    await database.prisma.account.deleteMany();
  });

  it('opens an up-to-date database again without migrating it', async () => {
    const again = await openDatabase({ url: database.url });
    try {
      expect(await again.prisma.account.count()).toBe(0);
    } finally {
      await again.close();
    }
  });
});

describe('openDatabase on an embedded PGlite data directory', () => {
  let scratch: Awaited<ReturnType<typeof temporaryDirectory>>;
  let dataDir: string;
  beforeAll(async () => {
    scratch = await temporaryDirectory();
    dataDir = join(scratch.path, 'pgdata');
  });
  afterAll(() => scratch?.remove());

  // The tests below share one data directory, in order: creating one takes seconds.

  it('migrates a new data directory, serves CRUD, and keeps the data across a reopen', async () => {
    const first = await openDatabase({ pgliteDataDir: dataDir });
    try {
      await exerciseAccounts(first.prisma);
      await first.prisma.account.create({ data: newAccount('kept@example.org') });
    } finally {
      await first.close();
    }

    const second = await openDatabase({ pgliteDataDir: dataDir });
    try {
      expect((await second.prisma.account.findMany()).map((account) => account.email)).toEqual(['kept@example.org']);
    } finally {
      await second.close();
    }
  });

  it('lets the process exit as soon as the database is closed', async () => {
    // Run in a child, because a leftover timer or open PGlite only shows as a process that
    // stays alive (for about ten seconds) after everything was closed.
    const script = `
      const { openDatabase } = await import(${JSON.stringify(fileURLToPath(new URL('../src/client.ts', import.meta.url)))});
      const db = await openDatabase({ pgliteDataDir: ${JSON.stringify(dataDir)} });
      await db.prisma.account.count();
      await db.close();
      console.log('closed');
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let closedAt = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('closed')) closedAt = Date.now();
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    expect(closedAt).toBeGreaterThan(0);
    expect(Date.now() - closedAt).toBeLessThan(3_000);
  });
});

// Configuration for the Prisma CLI. This package generates its client with it and applies
// migrations through its own WebAssembly engine (src/migrate.ts); on a machine that can download
// Prisma's native engine, `prisma migrate deploy` / `prisma migrate status` work from here too,
// against DATABASE_URL.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env['DATABASE_URL'] },
});

// `pnpm --filter @coffre/db migrate`: applies pending migrations to DATABASE_URL.
import { applyMigrations } from '../src/migrate.js';

const url = process.env['DATABASE_URL'];
if (!url) {
  console.error('DATABASE_URL is not set: it names the Postgres database to migrate.');
  process.exit(2);
}
try {
  const { applied } = await applyMigrations({ url });
  console.log(applied.length === 0 ? 'no pending migration' : `applied ${applied.join(', ')}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

// `pnpm --filter @coffre/db migration:new <name>`: writes the migration that takes the
// migrations folder to schema.prisma. Needs no database and no network.
import { writeMigration } from '../src/write-migration.js';

const name = process.argv.slice(2).join(' ');
if (name.trim() === '') {
  console.error('usage: pnpm --filter @coffre/db migration:new <name>');
  process.exit(2);
}
try {
  const migration = await writeMigration({ name });
  console.log(`wrote ${migration.path}\n\n${migration.sql}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

// The child process of migrate-in-child.ts: takes one request, applies the migrations, answers,
// and exits.
import { applyMigrations } from './migrate.js';
import { type MigrateReply, type MigrateRequest } from './migrate-in-child.js';

process.once('message', (request: MigrateRequest) => {
  void applyMigrations({ url: request.url }).then(
    ({ applied }): MigrateReply => ({ ok: true, applied }),
    (error: unknown): MigrateReply => ({ ok: false, message: error instanceof Error ? error.message : String(error) }),
  ).then((reply) => process.send!(reply, () => process.disconnect()));
});

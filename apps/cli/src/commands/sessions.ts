import { type Command } from 'commander';
import { forgetSession } from '../store/session-file.js';
import { shortDate, table } from '../terminal/format.js';
import { type Run } from './runner.js';

/** `coffre sessions` (list) and `coffre sessions revoke <id>`. */
export function registerSessions(program: Command, run: Run): void {
  const sessions = program.command('sessions').description("list the account's sessions; `sessions revoke <id>` ends one");
  sessions
    .command('list', { isDefault: true })
    .description("list the account's live sessions (* marks this one)")
    .action(
      run(async (context) => {
        const session = await context.signedIn();
        const list = await session.client.listSessions();
        context.result({ sessions: list }, () =>
          table([
            ['', 'ID', 'CREATED', 'LAST SEEN', 'EXPIRES', 'IP', 'CLIENT'],
            ...list.map((entry) => [
              entry.current ? '*' : '',
              entry.id,
              shortDate(entry.createdAt),
              shortDate(entry.lastSeenAt),
              shortDate(entry.expiresAt),
              entry.ip ?? '-',
              entry.userAgent ?? '-',
            ]),
          ]),
        );
      }),
    );
  sessions
    .command('revoke')
    .description('end one session of the account (this one included)')
    .argument('<id>', 'the session id, as `coffre sessions` lists it')
    .action(
      run(async (context, id: string) => {
        const session = await context.signedIn();
        await session.client.revokeSession(id);
        const wasCurrent = id === session.sessionId;
        if (wasCurrent) await forgetSession(context.config.stateDir);
        context.result({ revoked: id, signedOut: wasCurrent }, () => (wasCurrent ? `Session ${id} ended; that was this one, so you are signed out.` : `Session ${id} ended.`));
      }),
    );
}

import { accountFingerprint } from '@coffre/crypto/fingerprint';
import { type Command } from 'commander';
import { formatBytes } from '../terminal/progress.js';
import { shortDate, table } from '../terminal/format.js';
import { type Run } from './runner.js';

/** `coffre whoami`: the signed-in account, as the server confirms it. */
export function registerWhoami(program: Command, run: Run): void {
  program
    .command('whoami')
    .description('show the signed-in account, its storage use and its key fingerprint')
    .action(
      run(async (context) => {
        const session = await context.signedIn();
        const account = await session.client.routes.getAccount();
        const sessions = await session.client.listSessions();
        const current = sessions.find((entry) => entry.current);
        // Computed here from the keys this client holds, never taken from the server: it is what
        // contacts compare before sharing with this account.
        const fingerprint = accountFingerprint({ sharing: session.keys.sharing.publicKey, signing: session.keys.signing.publicKey }).display;
        const result = {
          email: account.email,
          accountId: account.accountId,
          server: session.server,
          sessionId: session.sessionId,
          sessionExpiresAt: current?.expiresAt ?? null,
          usedBytes: account.usedBytes,
          quotaBytes: account.quotaBytes,
          fingerprint,
        };
        context.result(result, () =>
          table([
            ['email', account.email],
            ['account', account.accountId],
            ['server', session.server],
            ['session', `${session.sessionId}${current === undefined ? '' : ` (expires ${shortDate(current.expiresAt)})`}`],
            ['storage', `${formatBytes(account.usedBytes)} of ${formatBytes(account.quotaBytes)} used`],
            ['fingerprint', fingerprint],
          ]),
        );
      }),
    );
}

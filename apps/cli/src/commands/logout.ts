import { type Command } from 'commander';
import { loadSession, forgetSession } from '../store/session-file.js';
import { type Run } from './runner.js';

/** `coffre logout [--everywhere]`: ends the session on the server and deletes it here. */
export function registerLogout(program: Command, run: Run): void {
  program
    .command('logout')
    .description('end this session (on the server and here)')
    .option('--everywhere', 'end every session of the account, on every device')
    .action(
      run(async (context, options: { everywhere?: boolean }) => {
        const session = await loadSession(context.config.stateDir);
        if (session === undefined) {
          context.result({ signedOut: false }, () => 'Not signed in.');
          return;
        }
        const client = context.client(session.server, session.token);
        let serverReached = true;
        try {
          await (options.everywhere === true ? client.logoutEverywhere() : client.logout());
        } catch (error) {
          // The local copy goes whatever the server said: if the session already ended there,
          // or the server is unreachable, keeping the root key on disk serves nobody.
          serverReached = false;
          if (options.everywhere === true) {
            await forgetSession(context.config.stateDir);
            throw error;
          }
        }
        await forgetSession(context.config.stateDir);
        if (!serverReached) context.note('coffre: the server could not end the session (already ended, or unreachable); it was deleted here.');
        context.result({ signedOut: true, everywhere: options.everywhere === true, serverReached }, () =>
          options.everywhere === true ? `Signed out of ${session.email} everywhere.` : `Signed out of ${session.email}.`,
        );
      }),
    );
}

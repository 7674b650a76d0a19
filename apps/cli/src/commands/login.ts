import { type Command } from 'commander';
import { type Run } from './runner.js';
import { keepSession } from './account-session.js';

/** `coffre login <email>`: signs in and keeps the session for the next commands. */
export function registerLogin(program: Command, run: Run): void {
  program
    .command('login')
    .description('sign in; the session is kept for the next commands')
    .argument('<email>', 'the account email')
    .addHelpText('after', '\nThe password is asked on a terminal, or read from COFFRE_PASSWORD.')
    .action(
      run(async (context, email: string) => {
        const password = await context.secret('password');
        const server = await context.server();
        const client = context.client(server);
        const signedIn = await client.login(email, password);
        const address = await keepSession(context, server, client, signedIn);
        context.result({ accountId: signedIn.accountId, email: address, server, sessionId: signedIn.session.id }, () => `Signed in as ${address} on ${server}.`);
      }),
    );
}

import { type Command } from 'commander';
import { type Run } from './runner.js';
import { keepSession } from './account-session.js';

/** `coffre signup <email>`: creates an account, signs in, and shows the recovery key once. */
export function registerSignup(program: Command, run: Run): void {
  program
    .command('signup')
    .description('create an account and sign in; prints the recovery key once')
    .argument('<email>', 'the account email')
    .addHelpText('after', '\nThe password is asked twice on a terminal, or read from COFFRE_PASSWORD.')
    .action(
      run(async (context, email: string) => {
        const password = await context.secret('password', true);
        const server = await context.server();
        const client = context.client(server);
        const signedUp = await client.signup(email, password);
        const address = await keepSession(context, server, client, signedUp);
        context.result({ accountId: signedUp.accountId, email: address, server, sessionId: signedUp.session.id, recoveryKey: signedUp.recoveryKey }, () =>
          [
            `Account created for ${address} on ${server}; you are signed in.`,
            '',
            'Your recovery key (shown this once, never stored anywhere):',
            '',
            `    ${signedUp.recoveryKey}`,
            '',
            'Write it down and keep it offline. With it, anyone can take over the account and read',
            'your files; without it, a forgotten password means your files are lost for good.',
          ].join('\n'),
        );
      }),
    );
}

import { CryptoError } from '@coffre/crypto/errors';
import { type Command } from 'commander';
import { CliError } from '../cli-error.js';
import { keepSession } from './account-session.js';
import { type Run } from './runner.js';

/**
 * `coffre recovery-key <email>`: the way back into an account whose password is lost. Opens the
 * account with its recovery key, sets a new password, ends every other session, and signs in.
 */
export function registerRecoveryKey(program: Command, run: Run): void {
  program
    .command('recovery-key')
    .description('recover an account with its recovery key and set a new password')
    .argument('<email>', 'the account email')
    .addHelpText(
      'after',
      '\nThe recovery key is asked on a terminal, or read from COFFRE_RECOVERY_KEY; the new password is asked\n' +
        'twice, or read from COFFRE_NEW_PASSWORD. Every other session of the account ends; the recovery key\n' +
        'stays the same.',
    )
    .action(
      run(async (context, email: string) => {
        const recoveryKey = await context.secret('recoveryKey');
        const newPassword = await context.secret('newPassword', true);
        const server = await context.server();
        const client = context.client(server);
        let signedIn;
        try {
          signedIn = await client.recoverAccount(email, recoveryKey, newPassword);
        } catch (error) {
          if (error instanceof CryptoError && error.code === 'DECRYPT_FAILED') {
            throw new CliError('WRONG_SECRET', 'That recovery key does not open this account.', { cause: error });
          }
          if (error instanceof CryptoError && error.code === 'INVALID_INPUT') {
            throw new CliError('USAGE', 'That is not a recovery key: it has 8 groups of 5 characters, as signup printed it.', { cause: error });
          }
          throw error;
        }
        const address = await keepSession(context, server, client, signedIn);
        context.result({ accountId: signedIn.accountId, email: address, server, sessionId: signedIn.session.id }, () =>
          `Account ${address} recovered: the new password is set, every other session ended, and you are signed in.`,
        );
      }),
    );
}

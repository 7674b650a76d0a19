import { ApiError } from '@coffre/sdk/errors';
import { type Command } from 'commander';
import { CliError } from '../cli-error.js';
import { type Run } from './runner.js';

/** `coffre passwd`: changes the password; every other session ends. */
export function registerPasswd(program: Command, run: Run): void {
  program
    .command('passwd')
    .description('change the password (every other session ends)')
    .addHelpText('after', '\nThe current password comes from COFFRE_PASSWORD or a prompt, the new one from COFFRE_NEW_PASSWORD or a prompt.')
    .action(
      run(async (context) => {
        const session = await context.signedIn();
        const current = await context.secret('password');
        const next = await context.secret('newPassword', true);
        try {
          await session.client.changePassword(current, next);
        } catch (error) {
          // Here a 401 means the current password was wrong, not that the session ended.
          if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') {
            const check = await session.client.routes.getAccount().then(() => true, () => false);
            if (check) throw new CliError('WRONG_SECRET', 'The current password is wrong.', { cause: error });
          }
          throw error;
        }
        context.result({ changed: true }, () => 'Password changed; every other session ended.');
      }),
    );
}

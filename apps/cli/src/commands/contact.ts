import { KeyChangedError } from '@coffre/sdk/errors';
import { type Command } from 'commander';
import { CliError } from '../cli-error.js';
import { type Run } from './runner.js';

/**
 * `coffre contact <email> [--trust <fingerprint>]`: shows a contact's key fingerprint (pinning it
 * the first time), or, after their keys changed and the person compared the new fingerprint
 * with the contact, pins the new keys.
 */
export function registerContact(program: Command, run: Run): void {
  program
    .command('contact')
    .description("show a contact's key fingerprint; --trust pins changed keys after you compared them")
    .argument('<email>', "the contact's account email")
    .option('--trust <fingerprint>', 'the new fingerprint, as compared with the contact (6 groups of 5 digits)')
    .action(
      run(async (context, email: string, options: { trust?: string }) => {
        const session = await context.signedIn();
        let contact;
        try {
          contact = await session.client.lookupPublicKeys(email);
        } catch (error) {
          if (!(error instanceof KeyChangedError) || options.trust === undefined) throw error;
          const current = error.current;
          if (current === undefined || normalize(options.trust) !== normalize(current.fingerprint)) {
            throw new CliError('WRONG_SECRET', `That is not the fingerprint of ${error.email}'s current keys; nothing was pinned.`);
          }
          await session.client.confirmPublicKeys(current);
          context.result({ email: current.email, accountId: current.accountId, fingerprint: current.fingerprint, status: 'trusted' }, () =>
            `The new keys of ${current.email} are now trusted (${current.fingerprint}).`,
          );
          return;
        }
        const status = contact.firstSeen ? 'pinned' : 'verified';
        context.result({ email: contact.email, accountId: contact.accountId, fingerprint: contact.fingerprint, status }, () =>
          contact.firstSeen
            ? `${contact.email}: ${contact.fingerprint}\nFirst time seen: these keys are now pinned. Compare the digits with ${contact.email} in person or by phone.`
            : `${contact.email}: ${contact.fingerprint} (matches the keys pinned earlier)`,
        );
      }),
    );
}

function normalize(fingerprint: string): string {
  return fingerprint.replace(/\s+/g, '');
}

import { type Command, InvalidArgumentError } from 'commander';
import { CliError } from '../cli-error.js';
import { openDrive } from '../drive/open-drive.js';
import { formatRemotePath, resolveRemote } from '../drive/remote-path.js';
import { parseExpiry } from '../terminal/expiry.js';
import { shortDate } from '../terminal/format.js';
import { positiveInteger } from './get.js';
import { type Run } from './runner.js';

interface ShareOptions {
  expires?: string;
  downloads?: number;
  password?: boolean;
  with?: string;
  write?: boolean;
  linkBase?: string;
}

/** `coffre share <path>`: a link (expiry, download limit, password), or a share with an account. */
export function registerShare(program: Command, run: Run): void {
  program
    .command('share')
    .description('make a link to a file or folder, or share a folder with another account (--with)')
    .argument('<path>', 'the file or folder in the drive')
    .option('--expires <when>', 'link: stops working after a duration (30m, 12h, 7d, 2w) or on a date (2026-12-31)')
    .option('--downloads <n>', 'link: can be opened this many times, then stops working', positiveInteger)
    .option('--password', 'link: protect it with a password (asked, or COFFRE_LINK_PASSWORD)')
    .option('--link-base <url>', 'link: the web drive the link opens on (default: COFFRE_WEB_URL, config.json "web")', httpUrl)
    .option('--with <email>', 'share a folder with this account instead (their keys are checked against your pins)')
    .option('--write', 'with --with: they may also add, change and remove things in it')
    .addHelpText(
      'after',
      '\nThe link carries its key after "#": the server never sees it. Anyone holding the whole link\n' +
        '(and the password, if any) can download what it points to, until it expires, runs out or is\n' +
        'revoked (`coffre unshare <link id>`).',
    )
    .action(
      run(async (context, target: string, options: ShareOptions) => {
        const session = await openDrive(context);
        const { node, path } = await resolveRemote(session.drive, target);
        const display = formatRemotePath(path);
        if (options.with !== undefined) {
          if (options.expires !== undefined || options.downloads !== undefined || options.password === true || options.linkBase !== undefined) {
            throw new CliError('USAGE', '--expires, --downloads, --password and --link-base are for links; --with shares with an account.');
          }
          const role = options.write === true ? 'write' : 'read';
          const { share, contact } = await session.drive.share(node, options.with, role);
          if (contact.firstSeen) {
            context.note(`coffre: first share with ${contact.email}; their key fingerprint is ${contact.fingerprint}. Compare it with them in person or by phone.`);
          }
          context.result({ share, fingerprint: contact.fingerprint, firstSeen: contact.firstSeen }, () =>
            `Shared ${display} with ${contact.email} (${role}); share ${share.id}. They accept it with \`coffre shares accept ${share.id}\`.`,
          );
          return;
        }
        if (options.write === true) throw new CliError('USAGE', '--write goes with --with <email>.');
        const expiresAt = options.expires === undefined ? undefined : parseExpiry(options.expires);
        const password = options.password === true ? await context.secret('linkPassword', true) : undefined;
        const base = options.linkBase ?? (await context.webUrl(session.server));
        const { url, link } = await session.drive.createLink(node, {
          base,
          ...(password !== undefined && { password }),
          ...(expiresAt !== undefined && { expiresAt }),
          ...(options.downloads !== undefined && { maxDownloads: options.downloads }),
        });
        const limits = [
          link.hasPassword ? 'password' : '',
          link.expiresAt === null ? '' : `expires ${shortDate(link.expiresAt)}`,
          link.maxDownloads === null ? '' : `${link.maxDownloads} download${link.maxDownloads === 1 ? '' : 's'}`,
        ].filter((part) => part !== '');
        context.note(`coffre: link ${link.id} to ${display}${limits.length > 0 ? ` (${limits.join(', ')})` : ''}; anyone with the whole link can open it.`);
        context.result({ url, link }, () => url);
      }),
    );
}

function httpUrl(value: string): string {
  if (!/^https?:$/.test(URL.parse(value)?.protocol ?? '')) throw new InvalidArgumentError('must be an http:// or https:// URL.');
  return value.replace(/\/+$/, '');
}

// The `coffre` command tree. Each command lives in its own file under commands/.
import { Command, Option } from 'commander';
import { registerConfig } from './commands/config.js';
import { registerContact } from './commands/contact.js';
import { registerFetch } from './commands/fetch.js';
import { registerGet } from './commands/get.js';
import { registerLinks } from './commands/links.js';
import { registerLs } from './commands/ls.js';
import { registerMkdir } from './commands/mkdir.js';
import { registerMv } from './commands/mv.js';
import { registerPut } from './commands/put.js';
import { registerRestore } from './commands/restore.js';
import { registerRm } from './commands/rm.js';
import { registerShare } from './commands/share.js';
import { registerShares } from './commands/shares.js';
import { registerUnshare } from './commands/unshare.js';
import { registerVerifyWeb } from './commands/verify-web.js';
import { registerVersions } from './commands/versions.js';
import { registerLogin } from './commands/login.js';
import { registerLogout } from './commands/logout.js';
import { registerPasswd } from './commands/passwd.js';
import { registerRecoveryKey } from './commands/recovery-key.js';
import { createRunner } from './commands/runner.js';
import { registerSessions } from './commands/sessions.js';
import { registerSignup } from './commands/signup.js';
import { registerWhoami } from './commands/whoami.js';
import { type CliDependencies } from './context.js';
import { CLI_VERSION } from './version.js';

/** Builds the program. Errors (usage included) are thrown, never turned into process.exit. */
export function createProgram(dependencies: CliDependencies, writeError: (line: string) => void): Command {
  const { stdout } = dependencies.io;
  const program = new Command('coffre')
    .description('Coffre: an end-to-end encrypted drive, from the command line.')
    .version(CLI_VERSION, '-V, --version', 'print the version')
    .addOption(new Option('--server <url>', 'the Coffre API (default: the session\'s, else COFFRE_SERVER, else config.json, else http://127.0.0.1:4000)'))
    .option('--json', 'print results as JSON, one object per line, for scripts')
    .option('-v, --verbose', 'print correlation ids and details of failures')
    .option('-q, --quiet', 'print no progress and no remarks')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => stdout.write(text),
      writeErr: (text) => writeError(text),
      outputError: (text, write) => write(`coffre: ${text.replace(/^error: /, '')}`),
    })
    .exitOverride();
  program.addHelpText(
    'after',
    '\nSecrets never go on the command line: set COFFRE_PASSWORD, COFFRE_NEW_PASSWORD, COFFRE_RECOVERY_KEY or\n' +
      'COFFRE_LINK_PASSWORD, or run in a terminal to be asked. Exit codes are listed in docs/cli.md.',
  );

  // Subcommands registered from here on inherit the output settings and the exit override.
  const run = createRunner(dependencies);
  for (const register of [
    registerSignup,
    registerLogin,
    registerLogout,
    registerWhoami,
    registerSessions,
    registerPasswd,
    registerRecoveryKey,
    registerMkdir,
    registerLs,
    registerPut,
    registerGet,
    registerMv,
    registerRm,
    registerRestore,
    registerVersions,
    registerShare,
    registerLinks,
    registerUnshare,
    registerShares,
    registerFetch,
    registerContact,
    registerConfig,
    registerVerifyWeb,
  ]) {
    register(program, run);
  }
  return program;
}


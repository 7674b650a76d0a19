import { DEFAULT_CLI_SERVER } from '@coffre/config/cli';
import { type Command } from 'commander';
import { loadSession, sessionFile } from '../store/session-file.js';
import { loadSettings, settingsFile } from '../store/settings-file.js';
import { table } from '../terminal/format.js';
import { type Run } from './runner.js';

/** `coffre config`: where the CLI keeps its files and which server it talks to, and why. */
export function registerConfig(program: Command, run: Run): void {
  program
    .command('config')
    .description('show the server in use and where settings, pins and the session are kept')
    .action(
      run(async (context) => {
        const settings = await loadSettings(context.config.configDir);
        const session = await loadSession(context.config.stateDir).catch(() => undefined);
        const explicit = context.explicitServer;
        const [server, source] =
          explicit !== undefined
            ? [explicit, context.config.server === explicit ? 'COFFRE_SERVER' : '--server']
            : session !== undefined
              ? [session.server, 'session']
              : settings.server !== undefined
                ? [settings.server, 'config.json']
                : [DEFAULT_CLI_SERVER, 'default'];
        const result = {
          server,
          serverSource: source,
          configDir: context.config.configDir,
          stateDir: context.config.stateDir,
          settingsFile: settingsFile(context.config.configDir),
          sessionFile: sessionFile(context.config.stateDir),
          signedInAs: session?.email ?? null,
        };
        context.result(result, () =>
          table([
            ['server', `${server} (${source})`],
            ['settings', result.settingsFile],
            ['session', `${result.sessionFile}${session === undefined ? ' (signed out)' : ` (${session.email})`}`],
            ['state', result.stateDir],
          ]),
        );
      }),
    );
}

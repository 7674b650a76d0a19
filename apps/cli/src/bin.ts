// The `coffre` executable's body: reads the environment once, runs the command line, and exits
// with its code once output has drained.
import { ConfigError, loadCliConfig } from '@coffre/config/cli';
import { EXIT } from './exit-codes.js';
import { runCli } from './main.js';

let config;
try {
  config = loadCliConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(EXIT.USAGE);
}
process.on('SIGINT', () => process.exit(EXIT.INTERRUPTED));
// `coffre get x - | head`: the reader left; stop quietly, as command line tools do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT.OK);
  throw error;
});
process.exitCode = await runCli(process.argv.slice(2), { config, io: { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr } });

import { type Command, Option } from 'commander';
import { CliError } from '../cli-error.js';
import { ManifestError } from '../web/release-manifest.js';
import { DEFAULT_PAGES, type VerifyWebReport, verifyWeb } from '../web/verify-web.js';
import { type Run } from './runner.js';

/**
 * `coffre verify-web <url>`: checks that a Coffre web app serves exactly the files of its release
 * manifest, and that its pages load nothing else. Exit 0 when it does, 8 when anything differs
 * (or there is no valid manifest), 9 when the site cannot be reached.
 */
export function registerVerifyWeb(program: Command, run: Run): void {
  program
    .command('verify-web')
    .description('check that a Coffre web app serves exactly the files of its release manifest')
    .argument('<url>', 'the web app, e.g. https://drive.coffre.example')
    .addOption(new Option('--page <path...>', `pages whose scripts and styles are checked (default: ${DEFAULT_PAGES.join(' ')})`))
    .addOption(new Option('--expect <sha256>', 'the SHA-256 the release manifest must have, from a source you trust (e.g. the release notes)'))
    .addHelpText(
      'after',
      '\nEvery asset listed in /release-manifest.json is downloaded and hashed; every script, stylesheet, preload\n' +
        'and icon of the pages must be listed, served from the same site, and match its integrity attribute.\n' +
        'Without --expect this proves the site is consistent with the manifest it serves; with it, that it is the\n' +
        'release you expect.',
    )
    .action(
      run(async (context, url: string, options: { page?: string[]; expect?: string }) => {
        if (options.expect !== undefined && !/^[0-9a-fA-F]{64}$/.test(options.expect)) throw new CliError('USAGE', '--expect takes a SHA-256 in hex (64 characters).');
        let report: VerifyWebReport;
        try {
          report = await verifyWeb({
            url,
            fetch: context.fetch,
            ...(options.page !== undefined && { pages: options.page }),
            ...(options.expect !== undefined && { expectManifestSha256: options.expect }),
          });
        } catch (error) {
          if (error instanceof ManifestError) throw new CliError('WEB_MISMATCH', `${url} cannot be verified: ${error.message}.`, { cause: error });
          if (error instanceof TypeError && error.message.includes('http(s)')) throw new CliError('USAGE', error.message, { cause: error });
          if (error instanceof TypeError) throw new CliError('UNREACHABLE', `${url} cannot be reached: ${String((error.cause as Error | undefined)?.message ?? error.message)}.`, { cause: error });
          throw error;
        }
        context.result(report, () => describeReport(report));
        if (report.problems.length > 0) {
          throw new CliError('WEB_MISMATCH', `${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}: ${report.origin} does not serve the release it describes.`);
        }
      }),
    );
}

function describeReport(report: VerifyWebReport): string {
  const { manifest } = report;
  const lines = [
    `${manifest.app} ${manifest.version}, build ${manifest.buildId}`,
    `release manifest sha256 ${manifest.sha256}`,
    `${report.verifiedAssets} of ${manifest.assets} assets match the manifest`,
    ...report.pages.map((page) => `page ${page.path}: ${page.assets} assets`),
  ];
  for (const problem of report.problems) lines.push(`${problem.kind}: ${problem.url} (${problem.detail})`);
  if (report.problems.length === 0) lines.push('OK: every served asset is the release’s.');
  return lines.join('\n');
}

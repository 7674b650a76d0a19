import { accessSync, constants } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium; browser downloads are impossible here, so the system browser is used. */
const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Flags for a quiet, headless browser: no sandbox (tests run as root in containers), and none
 * of the background traffic a fresh profile makes (updates, sync, field trials), so that every
 * request a test sees comes from the page under test.
 */
export const CHROMIUM_ARGS: readonly string[] = Object.freeze([
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
]);

/** Thrown when there is no Chromium to launch, with what to do about it. */
export class ChromiumMissingError extends Error {
  override readonly name = 'ChromiumMissingError';

  constructor(readonly executablePath: string) {
    super(
      `Chromium is not installed at ${executablePath}. Install it with \`apt-get install -y chromium\`, ` +
        'or set CHROMIUM_PATH to a Chromium executable.',
    );
  }
}

/** The Chromium executable to launch: `CHROMIUM_PATH` if set, Debian's otherwise. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.CHROMIUM_PATH || DEFAULT_CHROMIUM_PATH;
}

/**
 * Launches headless Chromium. Close the returned browser when done.
 *
 * @throws {ChromiumMissingError} if the executable does not exist or cannot be run.
 */
export async function launchChromium(executablePath: string = chromiumPath()): Promise<Browser> {
  try {
    accessSync(executablePath, constants.X_OK);
  } catch {
    throw new ChromiumMissingError(executablePath);
  }
  return chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS] });
}

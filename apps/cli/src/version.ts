import { readFileSync } from 'node:fs';

/** This CLI's version, from its package.json (one level above both src/ and dist/). */
export const CLI_VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Sent as User-Agent, so `coffre sessions` tells the CLI's sessions from the browser's. */
export const USER_AGENT = `coffre-cli/${CLI_VERSION} (Node ${process.versions.node}; ${process.platform})`;

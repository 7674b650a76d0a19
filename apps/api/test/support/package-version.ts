import { readFileSync } from 'node:fs';

/** apps/api's version, read independently of the code under test. */
export const packageVersion: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

import { readFileSync } from 'node:fs';

// This file sits one level below the package root both as source (src/) and built (dist/).
const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

/** The API's release version, as published in package.json. */
export const API_VERSION: string = packageJson.version;

import { fileURLToPath } from 'node:url';

/** apps/cli. */
export const cliDir = fileURLToPath(new URL('../..', import.meta.url));
/** The `coffre` executable as installed (bin/coffre.js, which loads dist/). */
export const coffreBin = fileURLToPath(new URL('../../bin/coffre.js', import.meta.url));
/** The API's built entry point, as `npm start` runs it. */
export const apiEntry = fileURLToPath(new URL('../../../api/dist/main.js', import.meta.url));

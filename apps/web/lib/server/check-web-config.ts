import { ConfigError } from '@coffre/config/web';
import { webConfig } from './web-config.ts';

/**
 * Validates the environment at start-up and stops the server, with every problem listed, when it
 * is invalid. Without this, Next.js would only log the error and then fail every request.
 */
export function checkWebConfigOrExit(): void {
  try {
    webConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

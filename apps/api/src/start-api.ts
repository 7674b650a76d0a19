// Validates the environment, starts the API, and closes it cleanly on SIGTERM/SIGINT (run by main.ts).
import { Logger } from '@nestjs/common';
import { type ApiConfig, ConfigError, loadApiConfig } from '@coffre/config/api';
import { createApp } from './create-app.js';

function loadConfigOrExit(): ApiConfig {
  try {
    return loadApiConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

async function start(config: ApiConfig): Promise<void> {
  const app = await createApp(config);
  // On SIGTERM/SIGINT Nest stops accepting requests, then closes the database and Redis, then
  // exits 0. Exiting (rather than re-raising the signal) lets pino flush its buffered last lines.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  await app.listen({ port: config.port, host: config.host });
  new Logger('Main').log(`Coffre API listening on ${await app.getUrl()}`);
}

await start(loadConfigOrExit()).catch((error: unknown) => {
  console.error('Coffre API failed to start:', error);
  process.exit(1);
});

// The web drive's settings, read once per server process from its environment. Server only:
// the browser receives what it needs (the API's address) inside the page.
import { loadWebConfig, type WebConfig } from '@coffre/config/web';

let config: WebConfig | undefined;

/**
 * The validated settings; the first call parses the environment.
 * @throws {ConfigError} listing every invalid variable.
 */
export function webConfig(): WebConfig {
  return (config ??= loadWebConfig());
}

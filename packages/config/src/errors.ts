/**
 * Thrown when the environment does not satisfy an app's schema. `problems` holds one line per
 * offending variable, so an operator fixes every mistake in one go instead of one per restart.
 * Values are never echoed: a connection string may hold a password.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(
    /** Which app's settings failed, e.g. `api`. */
    readonly app: string,
    /** One `VARIABLE: what is wrong` line per offending variable. */
    readonly problems: readonly string[],
  ) {
    super(`Invalid environment for ${app}:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
  }
}

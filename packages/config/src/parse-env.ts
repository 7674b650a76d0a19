import { type z } from 'zod';
import { ConfigError } from './errors.js';

/** The variables an app reads, as they come from the process (or a test). */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Validates the variables named by `schema` and returns the result frozen all the way down.
 *
 * An empty value counts as unset, so `DATABASE_URL=` in a `.env` file means "use the default"
 * rather than "an invalid URL". Every issue is collected before throwing, grouped by variable.
 *
 * @throws {ConfigError} listing every offending variable, one line each.
 */
export function parseEnv<Schema extends z.ZodObject>(app: string, schema: Schema, env: Env): DeepReadonly<z.output<Schema>> {
  const input: Record<string, string> = {};
  for (const name of Object.keys(schema.shape)) {
    const value = env[name];
    if (value !== undefined && value !== '') input[name] = value;
  }
  const result = schema.safeParse(input);
  if (!result.success) throw new ConfigError(app, describeIssues(result.error.issues));
  return deepFreeze(result.data) as DeepReadonly<z.output<Schema>>;
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  const byVariable = new Map<string, string[]>();
  for (const issue of issues) {
    const variable = String(issue.path[0] ?? '(environment)');
    const messages = byVariable.get(variable) ?? [];
    if (!messages.includes(issue.message)) messages.push(issue.message);
    byVariable.set(variable, messages);
  }
  return [...byVariable].map(([variable, messages]) => `${variable}: ${messages.join('; ')}`);
}

/** Recursively read-only view of a parsed configuration. */
export type DeepReadonly<T> = T extends (infer Item)[]
  ? readonly DeepReadonly<Item>[]
  : T extends object
    ? { readonly [Key in keyof T]: DeepReadonly<T[Key]> }
    : T;

/** Freezes `value` and everything it holds. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

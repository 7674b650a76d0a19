import path from 'node:path';
import { z } from 'zod';

// The storage settings as a zod schema and a parse function over a plain object, so that
// packages/config can embed them in the API's configuration (from JSON, a file, or variables)
// without this package reading the environment itself.

/** Backend ids and jurisdictions: short, lowercase, safe in paths, logs and metric labels. */
const name = z
  .string({ error: 'is required' })
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { error: 'must be 1-63 lowercase letters, digits or dashes, not starting with a dash' });

const fsBackendSchema = z.object({
  id: name,
  kind: z.literal('fs'),
  jurisdiction: name,
  /** Absolute path of the directory the backend owns. */
  path: z
    .string({ error: 'is required' })
    .refine((value) => path.isAbsolute(value), { error: 'must be an absolute path' }),
});

const s3BackendSchema = z.object({
  id: name,
  kind: z.literal('s3'),
  jurisdiction: name,
  /** Service URL; absent means the S3 client's default endpoint for the region. */
  endpoint: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  region: z.string().min(1, { error: 'must not be empty' }).default('us-east-1'),
  bucket: z.string({ error: 'is required' }).regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: 'must be a valid S3 bucket name' }),
  prefix: z.string().default(''),
  forcePathStyle: z.boolean({ error: 'must be true or false' }).default(false),
  accessKeyId: z.string({ error: 'is required' }).min(1, { error: 'must not be empty' }),
  secretAccessKey: z.string({ error: 'is required' }).min(1, { error: 'must not be empty' }),
});

const backendSchema = z.discriminatedUnion('kind', [fsBackendSchema, s3BackendSchema], {
  error: 'kind must be "fs" or "s3"',
});

const count = z.number({ error: 'must be a number' }).int({ error: 'must be an integer' }).min(1, { error: 'must be at least 1' });

/** The storage section of the configuration; see `parseStorageConfig`. */
export const storageConfigSchema = z
  .object({
    backends: z.array(backendSchema, { error: 'must be a list of backends' }).min(1, { error: 'must list at least one backend' }),
    replication: z.object(
      {
        copies: count,
        writeQuorum: count,
      },
      { error: 'must give copies and writeQuorum' },
    ),
  })
  .superRefine(({ backends, replication }, context) => {
    const seen = new Set<string>();
    backends.forEach((backend, index) => {
      if (seen.has(backend.id)) context.addIssue({ code: 'custom', path: ['backends', index, 'id'], message: `duplicates the id "${backend.id}"` });
      seen.add(backend.id);
    });
    if (replication.writeQuorum > replication.copies) {
      context.addIssue({ code: 'custom', path: ['replication', 'writeQuorum'], message: 'must not exceed copies' });
    }
    const jurisdictions = new Set(backends.map((backend) => backend.jurisdiction)).size;
    if (jurisdictions < replication.copies) {
      context.addIssue({
        code: 'custom',
        path: ['replication', 'copies'],
        message: `needs as many jurisdictions, but the backends span ${jurisdictions}`,
      });
    }
  });

export type StorageConfig = z.output<typeof storageConfigSchema>;
export type BackendConfig = StorageConfig['backends'][number];
export type FsBackendConfig = z.output<typeof fsBackendSchema>;
export type S3BackendConfig = z.output<typeof s3BackendSchema>;

/**
 * Thrown for invalid storage settings. `problems` has one `path: what is wrong` line per problem,
 * all of them at once, so an operator fixes everything in one go. Values are never echoed: some
 * are secrets.
 */
export class StorageConfigError extends Error {
  override readonly name = 'StorageConfigError';

  constructor(readonly problems: readonly string[]) {
    super(`Invalid storage configuration:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
  }
}

/**
 * Validates storage settings given as a plain object (parsed JSON, say).
 *
 * @throws {StorageConfigError} listing every problem.
 */
export function parseStorageConfig(input: unknown): StorageConfig {
  const result = storageConfigSchema.safeParse(input);
  if (!result.success) throw new StorageConfigError(result.error.issues.map(describeIssue));
  return result.data;
}

/**
 * The development default: three directories under `dataDir`, tagged as three jurisdictions, each
 * object on all three and durable on two before a write returns.
 */
export function devStorageConfig(dataDir: string): StorageConfig {
  const root = path.resolve(dataDir, 'storage');
  return parseStorageConfig({
    backends: ['dev-a', 'dev-b', 'dev-c'].map((jurisdiction) => ({
      id: jurisdiction,
      kind: 'fs',
      jurisdiction,
      path: path.join(root, jurisdiction),
    })),
    replication: { copies: 3, writeQuorum: 2 },
  });
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`)).join('');
  return `${where || '(storage)'}: ${issue.message}`;
}

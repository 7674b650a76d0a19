import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type StorageConfig, StorageConfigError, devStorageConfig, parseStorageConfig } from '@coffre/storage/config';
import { z } from 'zod';
import { type DeepReadonly, deepFreeze } from './parse-env.js';
import { boundedInteger } from './validators.js';

const DAY = 24 * 3600;

/**
 * `COFFRE_STORAGE_CONFIG`: the path of a JSON file holding the storage settings (backends,
 * jurisdictions, replication), validated here, at start-up, with every problem listed. The file's
 * content is never echoed, not even in a JSON syntax error: it holds the S3 secrets.
 */
const storageConfigFile = z.string().transform((file, context): StorageConfig => {
  const where = path.resolve(file);
  let text: string;
  try {
    text = readFileSync(where, 'utf8');
  } catch (error) {
    context.addIssue({ code: 'custom', message: `cannot read ${where} (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
    return z.NEVER;
  }
  let settings: unknown;
  try {
    settings = JSON.parse(text);
  } catch {
    context.addIssue({ code: 'custom', message: `${where} is not valid JSON` });
    return z.NEVER;
  }
  try {
    return parseStorageConfig(settings);
  } catch (error) {
    if (!(error instanceof StorageConfigError)) throw error;
    for (const problem of error.problems) context.addIssue({ code: 'custom', message: `${where}: ${problem}` });
    return z.NEVER;
  }
});

/** The storage variables of the API's environment, merged into its schema. */
export const storageEnvShape = {
  COFFRE_STORAGE_CONFIG: storageConfigFile.optional(),
  COFFRE_STORAGE_SCRUB_INTERVAL_SECONDS: boundedInteger(1, 7 * DAY).default(3600),
  COFFRE_STORAGE_VERIFY_EVERY_SECONDS: boundedInteger(0, 365 * DAY).default(30 * DAY),
  COFFRE_STORAGE_SCRUB_COPIES_PER_RUN: boundedInteger(1, 10_000_000).default(10_000),
  COFFRE_STORAGE_ORPHAN_GRACE_SECONDS: boundedInteger(0, 30 * DAY).default(DAY),
  COFFRE_STORAGE_RELOCATE_AFTER_SECONDS: boundedInteger(0, 365 * DAY).default(DAY),
};

type StorageVars = z.output<z.ZodObject<typeof storageEnvShape>>;

/** Where objects are stored, and how they are looked after. */
export interface StorageSettings {
  /** Backends and replication: from `COFFRE_STORAGE_CONFIG`, else three directories in the data dir. */
  config: DeepReadonly<StorageConfig>;
  /** How often a scrub run starts. */
  scrubIntervalSeconds: number;
  /** Each copy is read back and checked at least this often (0: at every run). */
  verifyEverySeconds: number;
  /** Most copies one scrub run checks. */
  scrubCopiesPerRun: number;
  /** Unreferenced copies younger than this are never collected: they may be writes in progress. */
  orphanGraceSeconds: number;
  /** A copy whose backend has been unreachable this long is placed on another backend. */
  relocateAfterSeconds: number;
}

/**
 * The storage settings from validated variables. Without `COFFRE_STORAGE_CONFIG`, three local
 * directories under `<dataDir>/storage`, tagged as three jurisdictions (development only: the
 * API schema refuses this default in production, where three directories on one disk would
 * promise a resilience they do not have).
 */
export function storageSettings(vars: DeepReadonly<StorageVars>, dataDir: string): StorageSettings {
  return deepFreeze({
    config: vars.COFFRE_STORAGE_CONFIG ?? devStorageConfig(dataDir),
    scrubIntervalSeconds: vars.COFFRE_STORAGE_SCRUB_INTERVAL_SECONDS,
    verifyEverySeconds: vars.COFFRE_STORAGE_VERIFY_EVERY_SECONDS,
    scrubCopiesPerRun: vars.COFFRE_STORAGE_SCRUB_COPIES_PER_RUN,
    orphanGraceSeconds: vars.COFFRE_STORAGE_ORPHAN_GRACE_SECONDS,
    relocateAfterSeconds: vars.COFFRE_STORAGE_RELOCATE_AFTER_SECONDS,
  });
}

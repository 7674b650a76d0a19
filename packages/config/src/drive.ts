// The drive's settings: how big an upload's parts may be, how long an unfinished upload lives,
// and how often the drive's maintenance job runs.
import { type z } from 'zod';
import { type DeepReadonly, deepFreeze } from './parse-env.js';
import { boundedInteger } from './validators.js';

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;
const DAY = 24 * 3600;

/** The variables of the drive settings, merged into the API's environment schema. */
export const driveEnvShape = {
  COFFRE_DRIVE_MAX_PART_BYTES: boundedInteger(MIB, 256 * MIB).default(64 * MIB),
  COFFRE_DRIVE_UPLOAD_EXPIRY_SECONDS: boundedInteger(60, 90 * DAY).default(7 * DAY),
  COFFRE_DRIVE_SWEEP_INTERVAL_SECONDS: boundedInteger(1, DAY).default(3600),
  COFFRE_DRIVE_DEFAULT_QUOTA_BYTES: boundedInteger(0, Number.MAX_SAFE_INTEGER).default(10 * GIB),
};

type DriveVars = z.output<z.ZodObject<typeof driveEnvShape>>;

/** Uploads and the drive's maintenance. */
export interface DriveSettings {
  /**
   * Largest part an upload may declare, in bytes (at least 1 MiB). Each part streams through the
   * API into storage; this bounds one request's body, not the API's memory, which stays flat.
   */
  maxPartBytes: number;
  /** An upload not completed this long after it started is abandoned and its parts collected. */
  uploadExpirySeconds: number;
  /**
   * How often the drive's sweep runs: it abandons expired uploads and queues again the stored
   * objects waiting for removal whose job was lost (e.g. Redis was down when it was queued).
   */
  sweepIntervalSeconds: number;
  /** Storage quota of a new account, in bytes of ciphertext. */
  defaultQuotaBytes: number;
}

/** The drive settings from the parsed variables. */
export function driveSettings(vars: DeepReadonly<DriveVars>): DriveSettings {
  return deepFreeze({
    maxPartBytes: vars.COFFRE_DRIVE_MAX_PART_BYTES,
    uploadExpirySeconds: vars.COFFRE_DRIVE_UPLOAD_EXPIRY_SECONDS,
    sweepIntervalSeconds: vars.COFFRE_DRIVE_SWEEP_INTERVAL_SECONDS,
    defaultQuotaBytes: vars.COFFRE_DRIVE_DEFAULT_QUOTA_BYTES,
  });
}

import { z } from 'zod';

const checkStatus = z.enum(['up', 'down']);

/** What `GET /api/health` answers, with 200 when every check is up and 503 otherwise. */
export const healthReportSchema = z
  .object({
    status: z.enum(['ok', 'down']).describe('ok only when every check is up.'),
    version: z.string().describe('The API release, from its package.json.'),
    checks: z.object({ database: checkStatus, redis: checkStatus, storage: checkStatus }),
    storage: z
      .object({
        backendsReachable: z.number().int().describe('Storage backends that answered.'),
        backendsConfigured: z.number().int(),
        underReplicatedObjects: z
          .number()
          .int()
          .nullable()
          .describe('Objects with fewer sound copies than asked for; null when they could not be counted.'),
      })
      .describe('storage is up when backends in enough jurisdictions answer for writes to reach their quorum.'),
  })
  .meta({ id: 'HealthReport' });

/** The body of `GET /api/health`. */
export type HealthReport = z.infer<typeof healthReportSchema>;

/** Whether one dependency answered in time. */
export type CheckStatus = z.infer<typeof checkStatus>;

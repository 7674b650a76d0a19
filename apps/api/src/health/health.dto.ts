import { z } from 'zod';

const checkStatus = z.enum(['up', 'down']);

/** What `GET /api/health` answers, with 200 when every check is up and 503 otherwise. */
export const healthReportSchema = z
  .object({
    status: z.enum(['ok', 'down']).describe('ok only when every check is up.'),
    version: z.string().describe('The API release, from its package.json.'),
    checks: z.object({ database: checkStatus, redis: checkStatus }),
  })
  .meta({ id: 'HealthReport' });

/** The body of `GET /api/health`. */
export type HealthReport = z.infer<typeof healthReportSchema>;

/** Whether one dependency answered in time. */
export type CheckStatus = z.infer<typeof checkStatus>;

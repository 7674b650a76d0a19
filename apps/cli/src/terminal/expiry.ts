// `--expires` values: a duration from now (`90m`, `12h`, `7d`, `2w`) or a date (`2026-12-31`,
// local midnight at its end) or date and time (`2026-12-31T18:00`, ISO 8601, local unless it
// names a zone).
import { CliError } from '../cli-error.js';

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const DURATION = /^(\d{1,6})([mhdw])$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * The moment `text` names, which must be in the future.
 * @throws CliError USAGE for anything else.
 */
export function parseExpiry(text: string, now: Date = new Date()): Date {
  const duration = DURATION.exec(text.trim());
  let when: Date;
  if (duration !== null) {
    const amount = Number(duration[1]);
    when = new Date(now.getTime() + amount * UNIT_MS[duration[2]!]!);
  } else if (DATE.test(text)) {
    const [year, month, day] = text.split('-').map(Number) as [number, number, number];
    const start = new Date(year, month - 1, day);
    // The link stays usable through the whole day named; 2026-02-30 names no day.
    when = start.getMonth() === month - 1 && start.getDate() === day ? new Date(year, month - 1, day + 1) : new Date(Number.NaN);
  } else if (DATE_TIME.test(text)) {
    when = new Date(text);
  } else {
    when = new Date(Number.NaN);
  }
  if (Number.isNaN(when.getTime())) {
    throw new CliError('USAGE', `--expires takes a duration (30m, 12h, 7d, 2w) or a date (2026-12-31, 2026-12-31T18:00), not "${text}".`);
  }
  if (when.getTime() <= now.getTime()) throw new CliError('USAGE', `--expires must be in the future ("${text}" is not).`);
  return when;
}

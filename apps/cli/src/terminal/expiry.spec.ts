import { describe, expect, it } from 'vitest';
import { CliError } from '../cli-error.js';
import { parseExpiry } from './expiry.js';

const NOW = new Date(2026, 10, 23, 15, 0, 0);

describe('parseExpiry', () => {
  it.each([
    ['30m', 30 * 60_000],
    ['12h', 12 * 3_600_000],
    ['7d', 7 * 86_400_000],
    ['2w', 14 * 86_400_000],
  ])('%s is that long from now', (text, ms) => {
    expect(parseExpiry(text, NOW).getTime()).toBe(NOW.getTime() + ms);
  });

  it('a date lasts through the end of that day, local time', () => {
    expect(parseExpiry('2026-12-31', NOW)).toEqual(new Date(2027, 0, 1));
  });

  it('a date and time is taken as written (local, or the zone it names)', () => {
    expect(parseExpiry('2026-12-01T18:30', NOW)).toEqual(new Date(2026, 11, 1, 18, 30));
    expect(parseExpiry('2026-12-01T18:30:00Z', NOW).toISOString()).toBe('2026-12-01T18:30:00.000Z');
  });

  it.each(['', 'soon', '7', '7y', '-1d', '1.5h', '2026-13-01', '2026-02-30', '2026-12-01 18:00', 'P7D'])('refuses "%s"', (text) => {
    expect(() => parseExpiry(text, NOW)).toThrow(CliError);
    expect(() => parseExpiry(text, NOW)).toThrow(/--expires takes a duration/);
  });

  it.each(['0m', '2026-11-22', '2026-11-23T14:59'])('refuses "%s", which is not in the future', (text) => {
    expect(() => parseExpiry(text, NOW)).toThrow('--expires must be in the future');
  });
});

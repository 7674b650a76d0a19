// Speed and time left of a transfer, from the progress reports it made: bytes over the last few
// seconds rather than since the start, so a stall or a faster network shows within seconds.

/** Samples older than this do not count towards the speed. */
export const RATE_WINDOW_MS = 5_000;

export interface RateSample {
  at: number;
  done: number;
}

/** Keeps the samples of the last window (and the one just before it, as the baseline). */
export function addSample(samples: readonly RateSample[], sample: RateSample): RateSample[] {
  const next = [...samples, sample];
  const cutoff = sample.at - RATE_WINDOW_MS;
  let first = 0;
  while (first < next.length - 2 && next[first + 1]!.at <= cutoff) first += 1;
  return next.slice(first);
}

/** Bytes per second over the samples; undefined until there is a second's worth or any bytes moved. */
export function bytesPerSecond(samples: readonly RateSample[]): number | undefined {
  if (samples.length < 2) return undefined;
  const first = samples[0]!;
  const last = samples[samples.length - 1]!;
  const elapsed = last.at - first.at;
  if (elapsed < 1_000 || last.done <= first.done) return undefined;
  return ((last.done - first.done) * 1000) / elapsed;
}

/** Seconds left at `speed`; undefined without a speed. */
export function secondsLeft(done: number, total: number, speed: number | undefined): number | undefined {
  if (speed === undefined || speed <= 0) return undefined;
  return Math.max(0, Math.ceil((total - done) / speed));
}

/** "45 s", "3 min", "1 h 5 min": how long is left, for people. */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

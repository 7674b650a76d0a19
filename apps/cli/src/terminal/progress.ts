// Progress of a transfer on stderr: bytes done of total, percentage, MB/s and time left,
// redrawn in place at most every 100 ms. Drawn only on a terminal; scripts see nothing.

/** Something that is told how far a transfer got. */
export interface Progress {
  /** `done` bytes of the transfer are through (monotonic). */
  update(done: number): void;
  /** The transfer ended (successfully or not): clears the line. */
  stop(): void;
}

const REDRAW_MS = 100;
const BAR_WIDTH = 24;

/** A progress reporter that shows nothing. */
export const silentProgress: Progress = { update: () => undefined, stop: () => undefined };

/** A progress bar for `total` bytes on `stream` (a TTY), labelled `label`. */
export function createProgressBar(stream: NodeJS.WriteStream, label: string, total: number, now: () => number = Date.now): Progress {
  const started = now();
  let lastDraw = 0;
  let done = 0;
  let drawn = false;
  const draw = () => {
    const elapsed = Math.max(now() - started, 1) / 1000;
    const rate = done / elapsed;
    const ratio = total > 0 ? Math.min(done / total, 1) : 1;
    const filled = Math.round(ratio * BAR_WIDTH);
    const eta = rate > 0 && total > done ? formatSeconds((total - done) / rate) : '--';
    const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}% ${formatBytes(done)}/${formatBytes(total)} ${(rate / 1e6).toFixed(1)} MB/s ETA ${eta}`;
    const columns = stream.columns ?? 80;
    stream.write(`\r\x1b[2K${line.length > columns - 1 ? line.slice(0, columns - 1) : line}`);
    drawn = true;
  };
  return {
    update: (value) => {
      done = value;
      const time = now();
      if (time - lastDraw >= REDRAW_MS || done >= total) {
        lastDraw = time;
        draw();
      }
    },
    stop: () => {
      if (drawn) stream.write('\r\x1b[2K');
    },
  };
}

/** `1.5 MiB`, `532 B`: binary units, one decimal from KiB up. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** `42s`, `3m05s`, `1h02m`. */
export function formatSeconds(seconds: number): string {
  const whole = Math.ceil(seconds);
  if (whole < 60) return `${whole}s`;
  if (whole < 3600) return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, '0')}s`;
  return `${Math.floor(whole / 3600)}h${String(Math.floor((whole % 3600) / 60)).padStart(2, '0')}m`;
}
